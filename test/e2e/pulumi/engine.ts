/**
 * A real Pulumi engine for the end-to-end suite and the engine benchmark: the Pulumi CLI and the
 * Kubernetes provider plugin built by scripts/pulumi-engine.sh (from the Go module proxy, cached under
 * ~/.cache/graceful-k8s/pulumi/), driven through the Automation API with inline programs (the program
 * runs in this Node process, so no language host binary is needed).
 *
 * Each engine is a throwaway local backend (`pulumi login --local` into a temp dir, through
 * PULUMI_BACKEND_URL=file://...), its own PULUMI_HOME, a passphrase for the stack's secrets, automatic
 * plugin acquisition off and the built binaries first on PATH: nothing leaves the machine.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from '@pulumi/pulumi/automation';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '../../../scripts/pulumi-engine.sh');

/**
 * The directories of the built `pulumi` and `pulumi-resource-kubernetes` (a PATH prefix), building
 * them on first use: a cold build takes many minutes (the caller's hook timeout must allow for it).
 */
export async function engineBinDirs(): Promise<string[]> {
  try {
    const { stdout } = await run('bash', [SCRIPT, 'path'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim().split(':');
  } catch (error: any) {
    throw new Error(`scripts/pulumi-engine.sh path failed (exit ${error.code}):\n${error.stderr ?? error.message}`);
  }
}

/** A local Pulumi backend and the environment every CLI call of it runs with. */
export class PulumiEngine {
  /**
   * Builds (first time) and finds the engine; `kubeconfig` is the cluster the Kubernetes provider
   * talks to (through KUBECONFIG, the provider's default).
   */
  static async start(kubeconfig: string): Promise<PulumiEngine> {
    const dirs = await engineBinDirs();
    // PulumiCommand.get runs `pulumi version` (and checks the SDK's minimum CLI version); the CLI must
    // also be at least the Node SDK in node_modules, so a CLI built without the version stamp (it
    // reports v0.0.0) or an older one fails here rather than in the middle of an update.
    const command = await PulumiCommand.get({ root: dirname(dirs[0]) });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdkVersion = require('@pulumi/pulumi/package.json').version as string;
    if (!command.version || command.version.compare(sdkVersion) < 0) {
      throw new Error(`the Pulumi CLI in ${dirs[0]} is ${command.version?.version ?? 'unversioned'}, older than the Node SDK ${sdkVersion}`);
    }
    return new PulumiEngine(dirs, kubeconfig, command);
  }

  /** The throwaway directory of the backend, the Pulumi home and the inline programs' work dirs. */
  readonly dir: string;
  /** The environment of every CLI call (and so of the provider the CLI starts). */
  readonly env: Readonly<Record<string, string>>;

  private constructor(binDirs: readonly string[], kubeconfig: string, readonly command: PulumiCommand) {
    this.dir = mkdtempSync(join(tmpdir(), 'graceful-k8s-pulumi-'));
    const backend = join(this.dir, 'backend');
    mkdirSync(backend);
    this.env = {
      PATH: [...binDirs, process.env.PATH ?? ''].join(':'),
      PULUMI_HOME: join(this.dir, 'home'),
      PULUMI_BACKEND_URL: `file://${backend}`,
      // Encrypts the throwaway stacks' secrets (the local backend needs a passphrase or a secrets provider).
      PULUMI_CONFIG_PASSPHRASE: 'graceful-k8s-e2e',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      KUBECONFIG: kubeconfig,
    };
  }

  /** A new stack of an inline program in its own project. */
  async stack(projectName: string, stackName: string, program: PulumiFn): Promise<Stack> {
    const workDir = mkdtempSync(join(this.dir, `${projectName}-`));
    return LocalWorkspace.createStack(
      { projectName, stackName, program },
      {
        workDir,
        pulumiCommand: this.command,
        pulumiHome: this.env.PULUMI_HOME,
        envVars: { ...this.env },
        projectSettings: { name: projectName, runtime: 'nodejs', backend: { url: this.env.PULUMI_BACKEND_URL } },
      },
    );
  }

  /** Deletes the backend, the Pulumi home and the work dirs. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
