module graceful-k8s.local/images

go 1.22
