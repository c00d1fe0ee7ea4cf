// pause: the pod sandbox's process (what registry.k8s.io/pause does): it holds the pod's namespaces and
// waits for SIGTERM or SIGINT. containerd's sandbox_image points at this image (scripts/node.sh).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	s := make(chan os.Signal, 1)
	signal.Notify(s, syscall.SIGTERM, syscall.SIGINT)
	<-s
}
