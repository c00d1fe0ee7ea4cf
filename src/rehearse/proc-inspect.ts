import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';

/*
 * Linux /proc readers used to tell whether the stop signal reached the process that serves the
 * pod's port. Every function returns `undefined` where /proc is not available.
 */

/** The pid, among the processes of group `pgid`, that listens on 127.0.0.1:`port`. */
export function listeningPid(port: number, pgid: number): number | undefined {
  const inodes = listeningInodes(port);
  if (!inodes || inodes.size === 0) return undefined;
  for (const pid of groupPids(pgid) ?? []) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) return pid;
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return undefined;
}

/** The program name of `pid` (`/proc/PID/comm`). */
export function commandNameOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** What `pid` does with `signal`: caught by a handler, ignored, or the default action. */
export function signalDisposition(pid: number, signal: NodeJS.Signals): 'handled' | 'ignored' | 'default' | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const number = constants.signals[signal];
  const bit = (name: string) => {
    const hex = new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1];
    // Bit (signal - 1) of the hex mask, read from its binary digits.
    return hex !== undefined && BigInt(`0x${hex}`).toString(2).padStart(64, '0').at(-number) === '1';
  };
  if (bit('SigIgn')) return 'ignored';
  return bit('SigCgt') ? 'handled' : 'default';
}

/** True while `pid` exists (and is not a zombie of ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let found = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      found = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A = LISTEN
      const localPort = parseInt(fields[1].split(':')[1] ?? '', 16);
      if (localPort === port) inodes.add(fields[9]);
    }
  }
  return found ? inodes : undefined;
}

function groupPids(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const pids: number[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // the process exited meanwhile
    }
  }
  return pids;
}
