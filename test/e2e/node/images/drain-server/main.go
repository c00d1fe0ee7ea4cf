// drain-server: an HTTP app that drains on SIGTERM (app.Drain: serves GRACEFUL_DRAIN_DELAY_SECONDS more,
// then stops accepting and finishes in-flight requests). Static, no shell in its image.
package main

import "graceful-k8s.local/images/internal/app"

func main() { app.Run(app.Drain) }
