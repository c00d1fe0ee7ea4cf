// exit-at-once: an HTTP app that exits the moment SIGTERM arrives (app.ExitAtOnce). Static, no shell in
// its image (as distroless).
package main

import "graceful-k8s.local/images/internal/app"

func main() { app.Run(app.ExitAtOnce) }
