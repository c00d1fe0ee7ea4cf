'use strict';
// The naive app: no SIGTERM handler, so the signal's default action ends it at once and every
// in-flight request is cut. Routes: GET /ready, GET /work?ms=N.
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/ready') {
    res.writeHead(200).end('ready\n');
  } else if (url.pathname === '/work') {
    const ms = Math.min(Number(url.searchParams.get('ms') || 10), 60000);
    setTimeout(() => res.writeHead(200).end('ok\n'), ms);
  } else {
    res.writeHead(404).end('not found\n');
  }
});
server.keepAliveTimeout = 65000;
server.listen(port, '127.0.0.1');
