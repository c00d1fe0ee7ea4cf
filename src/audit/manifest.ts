import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { FieldPath } from './finding';
import { isRecord, type SourceLocation } from './workload';

/** One text to audit: a file's content or stdin. */
export interface ManifestInput {
  /** The name shown in findings: the path as given, or `-` for stdin. */
  readonly file: string;
  readonly text: string;
}

/** Input the audit could not use: unreadable, invalid YAML, or not a Kubernetes object. */
export interface InputProblem {
  readonly file: string;
  /** 1-based, when known. */
  readonly line?: number;
  /** 1-based, when known. */
  readonly column?: number;
  readonly message: string;
}

/** One Kubernetes object of the input, with a way to find the line of any of its fields. */
export interface ParsedObject {
  readonly object: Record<string, unknown>;
  readonly source: SourceLocation;
  /** The 1-based line of a field of this object, or of its nearest present ancestor. */
  lineOf(path: FieldPath): number;
}

/** What one input holds. */
export interface ParsedManifest {
  readonly objects: readonly ParsedObject[];
  readonly problems: readonly InputProblem[];
}

/**
 * Parses multi-document YAML: `---` separated documents, empty documents and comments are fine, a
 * `kind: List` (or any `*List`) contributes its `items`. A document with a YAML error is reported
 * with its line and skipped; the other documents of the file are still read.
 */
export function parseManifest(input: ManifestInput): ParsedManifest {
  const lineCounter = new LineCounter();
  const objects: ParsedObject[] = [];
  const problems: InputProblem[] = [];
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(input.text, { lineCounter, uniqueKeys: false });
  } catch (error) {
    return { objects, problems: [{ file: input.file, line: 1, message: `YAML the parser refuses: ${firstLine(error)}` }] };
  }
  const docs = Array.isArray(documents) ? documents : [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const at = error.linePos?.[0];
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ file: input.file, ...(at ? { line: at.line, column: at.col } : {}), message: `invalid YAML: ${message}` });
      continue;
    }
    const docLine = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The yaml library's guard against alias bombs ("Excessive alias count indicates a resource
      // exhaustion attack", yaml/src/nodes/Alias.ts `resolve`), or a stack overflow on deep nesting.
      problems.push({ file: input.file, line: docLine, message: `YAML the parser refuses: ${firstLine(error)}; the document is skipped` });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document
    if (!isRecord(value) || typeof value.kind !== 'string') {
      problems.push({ file: input.file, line: docLine, message: 'not a Kubernetes object (no kind): skipped' });
      continue;
    }
    const lineOf = (base: FieldPath) => (path: FieldPath) => lineOfPath(doc, lineCounter, [...base, ...path]);
    if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
      const items = Array.isArray(value.items) ? value.items : [];
      items.forEach((item, i) => {
        if (!isRecord(item) || typeof item.kind !== 'string') return;
        const at = lineOf(['items', i]);
        objects.push({ object: item, source: { file: input.file, line: at([]) }, lineOf: at });
      });
      continue;
    }
    objects.push({ object: value, source: { file: input.file, line: docLine }, lineOf: lineOf([]) });
  }
  return { objects, problems };
}

/**
 * How many alias expansions one document may make before the parser refuses it: a real manifest
 * uses a handful (Helm-rendered output none); a nine-level alias bomb needs 9^9.
 */
const MAX_ALIAS_COUNT = 1000;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The line of the key (in a map) or item (in a list) at `path`, or of the nearest present ancestor. */
function lineOfPath(doc: Document, lineCounter: LineCounter, path: FieldPath): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}
