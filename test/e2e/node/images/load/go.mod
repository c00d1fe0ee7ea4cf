module graceful-k8s/load

go 1.22
