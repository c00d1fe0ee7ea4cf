import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** The package's entry points and their source files. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'graceful-k8s': 'src/index.ts',
  'graceful-k8s/cdk8s-plus-27': 'src/cdk8s-plus-27/index.ts',
  'graceful-k8s/cdk8s-plus-32': 'src/cdk8s-plus-32/index.ts',
  'graceful-k8s/cdk8s-plus-33': 'src/cdk8s-plus-33/index.ts',
  'graceful-k8s/cdk8s-plus-34': 'src/cdk8s-plus-34/index.ts',
  'graceful-k8s/pulumi': 'src/pulumi/index.ts',
  'graceful-k8s/audit': 'src/audit/index.ts',
  'graceful-k8s/cdk8s-validation': 'src/cdk8s-validation/index.ts',
  'graceful-k8s/pulumi-policy': 'src/pulumi-policy/index.ts',
};

export const ROOT = join(__dirname, '..', '..');
export const REPORT_DIR = join(ROOT, 'docs', 'api');

/** The compiler options both programs over the entry points share (the sources, and their emitted declarations). */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  skipLibCheck: true,
};

/**
 * Where the in-memory declarations of the sources go (emitted-declarations.ts): under the repository, so that
 * `node_modules` resolves from them, but never written to disk.
 */
export const DECLARATION_DIR = join(ROOT, '.declarations-in-memory');

let sharedProgram: ts.Program | undefined;

/**
 * One TypeScript program over the entry points' sources, shared by the reports and the declaration check. It can
 * emit declarations as the build does (`stripInternal`: an `@internal` declaration leaves the .d.ts).
 */
export function entryPointProgram(): ts.Program {
  sharedProgram ??= ts.createProgram(Object.values(ENTRY_POINTS).map((f) => join(ROOT, f)), {
    ...COMPILER_OPTIONS,
    declaration: true,
    emitDeclarationOnly: true,
    stripInternal: true,
    rootDir: join(ROOT, 'src'),
    outDir: DECLARATION_DIR,
  });
  return sharedProgram;
}

/** The report file of an entry point, e.g. docs/api/graceful-k8s.cdk8s.api.md. */
export function reportFileOf(entry: string): string {
  return join(REPORT_DIR, `${entry.replace('/', '.')}.api.md`);
}

/**
 * The public API of every entry point as text, one file each, in the spirit of api-extractor's reports: every
 * exported name with its kind and signature, interfaces and classes with their public members, and
 * `(undocumented)` after each one without a doc comment. A change to the public API changes a report, so it
 * shows in review; test/api/api-report.test.ts fails when a committed report is stale.
 */
export function apiReports(): Record<string, string> {
  const program = entryPointProgram();
  const checker = program.getTypeChecker();
  const reports: Record<string, string> = {};
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(ROOT, file))!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const lines = [`# API report: \`${entry}\``, '', `Generated from \`${file}\` by \`npm run api-report\`; do not edit.`, '', '```ts'];
    const exportedSymbols = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name));
    for (const exported of exportedSymbols) lines.push(...describeExport(checker, exported), '');
    lines.push('```', '');
    reports[entry] = lines.join('\n');
  }
  return reports;
}

function describeExport(checker: ts.TypeChecker, exported: ts.Symbol): string[] {
  // eslint-disable-next-line no-bitwise
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const name = exported.name;
  const declaration = symbol.declarations?.[0];
  if (!declaration) return [`${name}: unknown`];
  const doc = documented(symbol) ? '' : ' // (undocumented)';
  if (ts.isSourceFile(declaration) || ts.isModuleDeclaration(declaration)) {
    const members = checker.getExportsOfModule(symbol).map((m) => m.name).sort();
    return [`namespace ${name} { ${members.join(', ')} }`];
  }
  if (ts.isFunctionDeclaration(declaration)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    return type.getCallSignatures().map((s) => `function ${name}${checker.signatureToString(s)};${doc}`);
  }
  if (ts.isTypeAliasDeclaration(declaration)) return [`type ${name} = ${oneLine(declaration.type.getText())};${doc}`];
  if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
    const kind = ts.isClassDeclaration(declaration) ? 'class' : 'interface';
    const heritage = declaration.heritageClauses?.map((h) => ` ${oneLine(h.getText())}`).join('') ?? '';
    const lines = [`${kind} ${name}${heritage} {${doc}`];
    for (const member of declaration.members) {
      const text = describeMember(checker, member);
      if (text) lines.push(`  ${text}`);
    }
    lines.push('}');
    return lines;
  }
  if (ts.isVariableDeclaration(declaration)) {
    return [`const ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration), undefined, ts.TypeFormatFlags.NoTruncation)};${doc}`];
  }
  if (ts.isEnumDeclaration(declaration)) return [`enum ${name} { ${declaration.members.map((m) => m.name.getText()).join(', ')} }${doc}`];
  return [`${ts.SyntaxKind[declaration.kind]} ${name}${doc}`];
}

function describeMember(checker: ts.TypeChecker, member: ts.ClassElement | ts.TypeElement): string | undefined {
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) return undefined;
  if (member.name && ts.isPrivateIdentifier(member.name)) return undefined;
  const tags = ts.getJSDocTags(member).map((t) => t.tagName.text);
  if (tags.includes('internal')) return undefined;
  const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
  // An index signature has no name, hence no symbol: read its doc comment from the node itself.
  const hasDoc = symbol ? documented(symbol) : ts.getJSDocCommentsAndTags(member).some((d) => ts.isJSDoc(d) && d.comment !== undefined);
  const doc = hasDoc ? '' : ' // (undocumented)';
  const text = oneLine(member.getText().replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\{[\s\S]*\}\s*$/, '').trim()).replace(/;$/, '');
  if (ts.isConstructorDeclaration(member)) return `${text};`;
  return `${text};${doc}`;
}

function documented(symbol: ts.Symbol): boolean {
  return symbol.getDocumentationComment(undefined).length > 0;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `npm run api-report`: rewrites docs/api/*.api.md. */
if (require.main === module) {
  mkdirSync(REPORT_DIR, { recursive: true });
  for (const [entry, text] of Object.entries(apiReports())) writeFileSync(reportFileOf(entry), text);
  process.stdout.write(`API reports written to ${REPORT_DIR}\n`);
}
