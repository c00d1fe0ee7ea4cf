import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the CLI writes: `process.stdout`/`process.stderr`, or a test's buffer. */
export interface CliOutput {
  /** True when a terminal reads it (colors are used only then). */
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Everything the CLI touches outside itself, injectable for in-process tests. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads all of stdin (for `audit -`). */
  readStdin(): Promise<string>;
  /** Reads a file as UTF-8. @default fs.readFileSync */
  readFile?(path: string): string;
}

/** One CLI invocation: its io and the exit code the commands set. */
export class CliSession {
  private code = 0;

  constructor(public readonly io: CliIo) {}

  /** The exit code: the highest any command asked for. */
  public get exitCode(): number {
    return this.code;
  }

  /** Raises the exit code (0 clean, 1 findings, 2 unusable input or usage). */
  public fail(code: number): void {
    this.code = Math.max(this.code, code);
  }

  /** Colors only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
  public get colorEnabled(): boolean {
    const noColor = this.io.env.NO_COLOR;
    return this.io.stdout.isTTY === true && (noColor === undefined || noColor === '');
  }

  public readFile(path: string): string {
    return this.io.readFile ? this.io.readFile(path) : readFileSync(path, 'utf8');
  }

  /**
   * A manifest to audit: its bytes (the audit decodes them one YAML document at a time, so a large file is never
   * held as bytes and as a string at once), or the text a test's io gives.
   */
  public readManifest(path: string): string | Uint8Array {
    return this.io.readFile ? this.io.readFile(path) : readFileSync(path);
  }
}

/** The real process's io. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

const SESSIONS = new WeakMap<object, CliSession>();

/** Registers the session of a program, for its commands' actions to find. */
export function attachSession(program: { readonly parent?: unknown }, session: CliSession): void {
  SESSIONS.set(program, session);
}

/**
 * The session of the program a command belongs to (command factories take no arguments, so each
 * action finds its io here); a command run on its own gets one on the real process.
 */
export function sessionOf(command: { readonly parent: unknown }): CliSession {
  let current: { readonly parent: unknown } | null = command;
  while (current) {
    const session = SESSIONS.get(current);
    if (session) return session;
    current = current.parent as { readonly parent: unknown } | null;
  }
  const session = new CliSession(processIo());
  SESSIONS.set(command, session);
  return session;
}

/**
 * The root of the git work tree holding `directory` (the nearest ancestor with a `.git` directory or file, as
 * `git rev-parse --show-toplevel` finds it for a plain checkout or a worktree), or `directory` itself outside one.
 * SARIF file URIs are relative to it: code scanning resolves them against the repository's checkout.
 * @internal
 */
export function repositoryRoot(directory: string): string {
  const start = resolve(directory);
  for (let current = start; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return start;
  }
}
