import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { COMPILER_OPTIONS, DECLARATION_DIR, ENTRY_POINTS, entryPointProgram } from './api-report';

/**
 * Emits the declarations of the sources in memory, as the build does (tsconfig.json has `stripInternal`, so an
 * `@internal` declaration is left out of the .d.ts), and type-checks the emitted .d.ts files against each other.
 * Returns each error as `file(line): message`: a public declaration that names an `@internal` one shows here as
 * "has no exported member", which a user would meet as a broken type.
 */
export function emittedDeclarationErrors(): string[] {
  const emitted = new Map<string, string>();
  entryPointProgram().emit(undefined, (fileName, text) => emitted.set(fileName, text), undefined, true);
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, skipLibCheck: false, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, directoryExists } = host;
  const emittedDirectories = new Set([...emitted.keys()].flatMap((file) => ancestorsOf(file)));
  host.fileExists = (file) => emitted.has(file) || fileExists(file);
  host.readFile = (file) => emitted.get(file) ?? readFile(file);
  host.directoryExists = (dir) => emittedDirectories.has(dir) || (directoryExists?.(dir) ?? true);
  const roots = Object.values(ENTRY_POINTS).map((f) => join(DECLARATION_DIR, f.replace(/^src\//, '').replace(/\.ts$/, '.d.ts')));
  const check = ts.createProgram(roots, options, host);
  // Only the emitted files: the libraries' own declarations are not ours to check.
  const ours = check.getSourceFiles().filter((sf) => emitted.has(sf.fileName));
  if (ours.length < roots.length) return [`the emitted declarations lack an entry point: ${roots.filter((r) => !emitted.has(r)).join(', ')}`];
  return ours.flatMap((sf) => check.getSemanticDiagnostics(sf).concat(check.getSyntacticDiagnostics(sf))).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(DECLARATION_DIR.length + 1)}(${d.file.getLineAndCharacterOfPosition(d.start).line + 1})` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** The directories above an emitted file, up to the in-memory root. */
function ancestorsOf(file: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirname(file); dir.startsWith(DECLARATION_DIR); dir = dirname(dir)) dirs.push(dir);
  return dirs;
}
