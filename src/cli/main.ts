#!/usr/bin/env node
import { processIo } from './io';
import { run } from './program';

// A reader that stops early (`graceful-k8s plan | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
