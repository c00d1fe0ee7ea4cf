import { spawn } from 'node:child_process';
import { RehearsalError } from './errors';

/**
 * A kubectl command failed (or kubectl could not be started). The message names the command and
 * quotes kubectl's stderr, e.g. `kubectl apply -n x -f - failed (exit 1): error: ...`.
 */
export class KubectlError extends RehearsalError {
  constructor(
    /** The arguments after `kubectl --kubeconfig FILE`. */
    public readonly args: readonly string[],
    /** kubectl's exit code, or `undefined` when it did not start or was stopped. */
    public readonly exitCode: number | undefined,
    /** What kubectl wrote on stderr. */
    public readonly stderr: string,
    why?: string,
  ) {
    super(`kubectl ${args.join(' ')} ${why ?? `failed (exit ${exitCode})`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
  }
}

/** Options of {@link Kubectl}. */
export interface KubectlOptions {
  /** The kubeconfig every command is given with `--kubeconfig`. */
  readonly kubeconfig: string;
  /** The kubectl binary. @default `$KUBECTL`, else `kubectl` from PATH */
  readonly binary?: string;
  /** The environment kubectl runs with (exec credential plugins read it). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops every command in flight (SIGTERM to kubectl) when aborted. */
  readonly signal?: AbortSignal;
}

/** Options of one command. */
export interface KubectlRunOptions {
  /** Written to kubectl's stdin (for `-f -`). */
  readonly input?: string;
  /** Runs even when the options' signal has aborted (cleanup). @default false */
  readonly ignoreAbort?: boolean;
  /** Stops this one command (SIGTERM to kubectl) when aborted: the loser of a race between two waits. */
  readonly signal?: AbortSignal;
}

/**
 * kubectl against one cluster. Every command gets `--kubeconfig`, so every way users authenticate
 * (client certificates, tokens, exec plugins such as `aws eks get-token`) works as in their shell.
 */
export class Kubectl {
  public readonly binary: string;

  constructor(private readonly options: KubectlOptions) {
    const env = options.env ?? process.env;
    this.binary = options.binary ?? (env.KUBECTL || 'kubectl');
  }

  /** Runs `kubectl --kubeconfig FILE ...args` and resolves with its stdout; rejects with a {@link KubectlError}. */
  public run(args: readonly string[], runOptions: KubectlRunOptions = {}): Promise<string> {
    const signals = [runOptions.ignoreAbort ? undefined : this.options.signal, runOptions.signal].filter((x): x is AbortSignal => x !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    if (signal?.aborted) return Promise.reject(new KubectlError(args, undefined, '', 'was not run: the rehearsal was interrupted'));
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, ['--kubeconfig', this.options.kubeconfig, ...args], {
        env: { ...(this.options.env ?? process.env) } as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const onAbort = () => child.kill('SIGTERM');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.once('error', (error: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        const why = error.code === 'ENOENT'
          ? `could not start: ${this.binary} was not found (put kubectl on PATH or name it in $KUBECTL)`
          : `could not start: ${error.message}`;
        reject(new KubectlError(args, undefined, '', why));
      });
      child.once('close', (code, killedBy) => {
        signal?.removeEventListener('abort', onAbort);
        const err = Buffer.concat(stderr).toString('utf8');
        if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
        else if (signal?.aborted) reject(new KubectlError(args, undefined, err, 'was stopped: the rehearsal was interrupted'));
        else reject(new KubectlError(args, code ?? undefined, err, code === null ? `was killed by ${killedBy}` : undefined));
      });
      child.stdin.on('error', () => undefined); // kubectl may exit before reading its input; its exit code says why
      child.stdin.end(runOptions.input ?? '');
    });
  }

  /**
   * Starts a long-running command whose stdout is a stream of JSON objects (`get --watch -o json`) and calls
   * `onObject` for each as it arrives. `stop()` ends it; `done` settles when it ended (never rejects: a watch
   * that fails only loses events, which the report then lacks).
   */
  public watch(args: readonly string[], onObject: (value: unknown) => void): { stop: () => void; done: Promise<string> } {
    const child = spawn(this.binary, ['--kubeconfig', this.options.kubeconfig, ...args, '-o', 'json'], {
      env: { ...(this.options.env ?? process.env) } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const split = new JsonStreamSplitter((text) => {
      try {
        onObject(JSON.parse(text));
      } catch {
        // a torn object: skip it
      }
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => split.push(chunk));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    this.options.signal?.addEventListener('abort', stop, { once: true });
    const done = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('close', () => {
        this.options.signal?.removeEventListener('abort', stop);
        resolve(stderr);
      });
    });
    return { stop, done };
  }

  /** Runs a command with `-o json` and parses its output. */
  public async json<T = unknown>(args: readonly string[], runOptions: KubectlRunOptions = {}): Promise<T> {
    const all = [...args, '-o', 'json'];
    const out = await this.run(all, runOptions);
    try {
      return JSON.parse(out) as T;
    } catch {
      throw new KubectlError(all, 0, '', `printed no JSON: ${out.slice(0, 200)}`);
    }
  }
}

/** Cuts a stream of concatenated JSON objects (pretty-printed or not) into one text per object. */
export class JsonStreamSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;

  constructor(private readonly onObject: (text: string) => void) {}

  public push(chunk: string): void {
    const offset = this.buffer.length;
    this.buffer += chunk;
    for (let i = offset; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') {
        this.inString = true;
      } else if (c === '{') {
        if (this.depth++ === 0) this.start = i;
      } else if (c === '}' && this.depth > 0 && --this.depth === 0) {
        this.onObject(this.buffer.slice(this.start, i + 1));
        this.buffer = this.buffer.slice(i + 1);
        i = -1;
        this.start = -1;
      }
    }
    if (this.depth === 0) this.buffer = '';
  }
}
