import { spawn, type ChildProcess } from 'node:child_process';
import { RehearsalError } from './errors';

/** How a process ended. */
export interface ProcessExit {
  /** The exit code, when it exited by itself. */
  readonly code: number | null;
  /** The signal that ended it, when one did. */
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link LocalProcess.start}. */
export interface LocalProcessOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** @default process.cwd() */
  readonly cwd?: string;
}

const OUTPUT_TAIL_CHARS = 2000;
const running = new Set<LocalProcess>();
let exitHookInstalled = false;

/**
 * A process started in its own process group (a stand-in for a container: the stop signal goes to
 * its main process only, SIGKILL goes to the whole group, as a container runtime kills every
 * process of the container). Output is kept as a short tail for error messages.
 */
export class LocalProcess {
  /** Starts `argv`; the process group is killed when this Node process exits, whatever happens. */
  public static start(options: LocalProcessOptions): LocalProcess {
    installExitHook();
    const child = spawn(options.argv[0], options.argv.slice(1), {
      cwd: options.cwd,
      env: { ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new LocalProcess(child, options.argv);
  }

  /** Resolves when the main process has exited. */
  public readonly exited: Promise<ProcessExit>;
  private outputTail = '';
  private exitInfo: ProcessExit | undefined;

  private constructor(private readonly child: ChildProcess, private readonly argv: readonly string[]) {
    running.add(this);
    const keep = (chunk: Buffer) => {
      this.outputTail = (this.outputTail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.outputTail += `\n${error.message}`;
        this.exitInfo = { code: 127, signal: null };
        running.delete(this);
        resolve(this.exitInfo);
      });
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** The main process id, which is also the process group id. */
  public get pid(): number {
    if (this.child.pid === undefined) throw new RehearsalError(`could not start ${JSON.stringify(this.argv.join(' '))}: ${this.outputTail.trim()}`);
    return this.child.pid;
  }

  /** Set once the main process has exited. */
  public get exit(): ProcessExit | undefined {
    return this.exitInfo;
  }

  /** The last lines the process printed. */
  public get output(): string {
    return this.outputTail;
  }

  /** Sends `signal` to the main process only (what the kubelet's stop signal does). */
  public signal(signal: NodeJS.Signals): boolean {
    if (this.exitInfo || this.child.pid === undefined) return false;
    try {
      process.kill(this.child.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILLs the whole process group (what the runtime does at the end of the grace period). */
  public killGroup(): void {
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
    if (this.exitInfo) running.delete(this);
  }

  /** Kills the group and waits for the main process to be reaped. */
  public async destroy(): Promise<void> {
    this.killGroup();
    await this.exited;
    this.killGroup();
    running.delete(this);
  }
}

/** Kills every process group still running (tests call it in afterAll; it also runs at exit). */
export async function killAllLocalProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.destroy()));
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of running) p.killGroup();
  });
}
