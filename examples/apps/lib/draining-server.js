'use strict';
// A small HTTP server that shuts down gracefully on SIGTERM, the way a Node app should behind
// Kubernetes: keep serving until the signal, then stop accepting, finish in-flight requests and
// streams, exit by itself before its budget (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS) runs out.
//
// Routes: GET /ready (readiness: 200, 503 while draining), GET /work?ms=N (answers after N ms),
// and whatever `extraRoutes` adds (the SSE server adds /stream).
const http = require('node:http');

function log(message) {
  process.stderr.write(`[${process.env.POD_NAME || 'app'} ${process.pid}] ${message}\n`);
}

function startDrainingServer(extraRoutes = {}) {
  const port = Number(process.env.PORT || 8080);
  const budgetMs = Number(process.env.GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS || 30) * 1000;
  // Simulated shutdown work after the last request (flush buffers, close pools).
  const shutdownWorkMs = Number(process.env.SHUTDOWN_WORK_SECONDS || 0) * 1000;
  const state = { draining: false, onDrain: [] };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (state.draining) res.setHeader('connection', 'close');
    if (url.pathname === '/ready') {
      res.writeHead(state.draining ? 503 : 200).end(state.draining ? 'draining\n' : 'ready\n');
    } else if (url.pathname === '/work') {
      const ms = Math.min(Number(url.searchParams.get('ms') || 10), 60000);
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok from ${process.env.POD_NAME || process.pid}\n`), ms);
    } else if (extraRoutes[url.pathname]) {
      extraRoutes[url.pathname](req, res, url, state);
    } else {
      res.writeHead(404).end('not found\n');
    }
  });
  // Longer than any balancer's idle timeout, so the balancer never reuses a socket we are closing.
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;

  process.on('SIGTERM', () => {
    if (state.draining) return;
    state.draining = true;
    log(`SIGTERM: draining (budget ${budgetMs} ms)`);
    const deadline = setTimeout(() => {
      log('budget exhausted: exiting with work left');
      process.exit(1);
    }, budgetMs);
    deadline.unref();
    for (const hook of state.onDrain) hook(deadline);
    // Stops accepting; closes idle keep-alive connections; the callback runs when the last
    // in-flight request is done.
    server.close(() => {
      setTimeout(() => {
        log('drained: exiting');
        process.exit(0);
      }, shutdownWorkMs);
    });
    server.closeIdleConnections();
  });

  server.listen(port, '127.0.0.1', () => log(`listening on 127.0.0.1:${port}`));
  return { server, state };
}

module.exports = { startDrainingServer, log };
