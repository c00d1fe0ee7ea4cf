'use strict';
// A long-connection server: GET /stream?ms=N sends a server-sent event every 100 ms for N ms, then
// `event: end`. On SIGTERM it stops accepting and lets open streams run to their end within its
// budget (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS, the plan's max(A, L)); streams still open at the
// budget get `event: goaway` (reconnect elsewhere) and the server exits. Also serves /ready, /work.
const { startDrainingServer, log } = require('./lib/draining-server');

const streams = new Set();

function stream(req, res, url, state) {
  if (state.draining) {
    res.writeHead(503).end('draining\n');
    return;
  }
  const ms = Math.min(Number(url.searchParams.get('ms') || 5000), 3600000);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const started = Date.now();
  let n = 0;
  const entry = { res, tick: undefined };
  streams.add(entry);
  const end = (event) => {
    clearInterval(entry.tick);
    streams.delete(entry);
    res.end(`event: ${event}\ndata: after ${Date.now() - started} ms\n\n`);
  };
  entry.end = end;
  entry.tick = setInterval(() => {
    if (Date.now() - started >= ms) end('end');
    else res.write(`data: tick ${n++}\n\n`);
  }, 100);
  req.on('close', () => {
    clearInterval(entry.tick);
    streams.delete(entry);
  });
}

const { state } = startDrainingServer({ '/stream': stream });
state.onDrain.push(() => {
  log(`${streams.size} stream(s) open at SIGTERM`);
  // Just before the budget runs out, tell the streams still open to reconnect elsewhere.
  const budgetMs = Number(process.env.GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS || 30) * 1000;
  setTimeout(() => {
    for (const entry of [...streams]) entry.end('goaway');
  }, Math.max(0, budgetMs - 200)).unref();
});
