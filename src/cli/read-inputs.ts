import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliSession } from './io';
import type { InputProblem, ManifestInput } from '../audit/manifest';

const YAML_FILE = /\.ya?ml$/i;

/**
 * Reads what `audit` was given: files, directories (every *.yaml / *.yml below, sorted) and `-`
 * (stdin, read once). An unreadable path becomes a problem; the others are still read.
 */
export async function readInputs(paths: readonly string[], session: CliSession): Promise<{ inputs: ManifestInput[]; problems: InputProblem[] }> {
  const inputs: ManifestInput[] = [];
  const problems: InputProblem[] = [];
  let stdinRead = false;
  for (const path of paths) {
    if (path === '-') {
      if (!stdinRead) inputs.push({ file: '-', text: await session.io.readStdin() });
      stdinRead = true;
      continue;
    }
    try {
      if (statSync(path).isDirectory()) {
        const files = yamlFilesBelow(path);
        if (files.length === 0) problems.push({ file: path, message: 'directory has no *.yaml or *.yml file' });
        for (const file of files) readOne(file, session, inputs, problems);
      } else {
        readOne(path, session, inputs, problems);
      }
    } catch (error) {
      problems.push({ file: path, message: `cannot read: ${reason(error)}` });
    }
  }
  return { inputs, problems };
}

function readOne(file: string, session: CliSession, inputs: ManifestInput[], problems: InputProblem[]): void {
  try {
    inputs.push({ file, text: session.readManifest(file) });
  } catch (error) {
    problems.push({ file, message: `cannot read: ${reason(error)}` });
  }
}

function yamlFilesBelow(directory: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...yamlFilesBelow(path));
    else if (YAML_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.message ?? String(error);
}
