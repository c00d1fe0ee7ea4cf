'use strict';
// Drains on SIGTERM: finishes in-flight requests, then exits within GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS.
// Run: PORT=8080 GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS=5 node examples/apps/drain-server.js
require('./lib/draining-server').startDrainingServer();
