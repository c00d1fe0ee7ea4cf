import { parseAllDocuments } from 'yaml';
import { run, type CliIo } from '../../src/cli';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FakeIoOptions {
  readonly stdin?: string;
  readonly isTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
}

/** Runs the CLI in-process with captured stdout/stderr and an optional stdin. */
export async function runCli(argv: readonly string[], options: FakeIoOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export const FIXTURES = 'test/fixtures/audit';

/** The YAML documents `plan -o yaml` prints, as plain data (the workload fragment first). */
export function yamlDocuments(stdout: string): any[] {
  return parseAllDocuments(stdout).map((document) => document.toJS());
}
