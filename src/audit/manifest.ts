import { Composer, isMap, isSeq, LineCounter, Parser, parseDocument, type Document } from 'yaml';
import type { FieldPath } from './object-path';
import { isRecord } from './object-path';
import { type SourceLocation } from './workload';

/** One text to audit: a file's content or stdin. */
export interface ManifestInput {
  /** The name shown in findings: the path as given, or `-` for stdin. */
  readonly file: string;
  /**
   * The YAML: a string, or a file's UTF-8 bytes. Bytes are decoded one document at a time, so the whole input is
   * never held twice (as bytes and as a string): the way the CLI reads files.
   */
  readonly text: string | Uint8Array;
}

/** Input the audit could not use: unreadable, invalid YAML, or not a Kubernetes object. */
export interface InputProblem {
  /** The input's name, as in {@link ManifestInput.file}. */
  readonly file: string;
  /** 1-based, when known. */
  readonly line?: number;
  /** 1-based, when known. */
  readonly column?: number;
  /** What is wrong, and what happened to the input (e.g. `not a Kubernetes object (no kind): skipped`). */
  readonly message: string;
}

/**
 * One Kubernetes object of the input, with a way to find the line of any of its fields.
 * @internal
 */
export interface ParsedObject {
  /**
   * The object as parsed; for a kind {@link ParseOptions.keep} does not keep, a stub
   * `{ kind, metadata: { name } }`.
   */
  readonly object: Record<string, unknown>;
  /** The file and the 1-based line where the object starts. */
  readonly source: SourceLocation;
  /** The 1-based line of a field of this object, or of its nearest present ancestor. */
  lineOf(path: FieldPath): number;
}

/**
 * What one input holds.
 * @internal
 */
export interface ParsedManifest {
  /** The Kubernetes objects, in input order (the items of a `List` in its place); empty documents are left out. */
  readonly objects: readonly ParsedObject[];
  /** The parts that could not be used: invalid YAML, documents that are not Kubernetes objects. */
  readonly problems: readonly InputProblem[];
}

/**
 * Which objects {@link parseManifest} converts to JavaScript; the others are listed with their kind and name only.
 * @internal
 */
export interface ParseOptions {
  /**
   * Returns true for the kinds to read in full. Others (CRDs, RBAC...) become `{ kind, metadata: { name } }`
   * without being converted, which keeps memory near the input size on large installs.
   * @default every kind
   */
  readonly keep?: (kind: string) => boolean;
}

/**
 * Parses multi-document YAML: `---` separated documents, empty documents and comments are fine, a
 * `kind: List` (or any `*List`) contributes its `items`. A document with a YAML error is reported
 * with its line and skipped; the other documents of the file are still read.
 *
 * Memory stays near the input size: the text is cut at `---` lines (a `---` at column 0 always
 * starts a document: block content is indented, YAML 1.2 section 9.2), a document whose top-level
 * `kind:` is not kept is not parsed at all (its YAML is then not checked), each other document is
 * parsed alone and its syntax tree dropped; a field's line is found by parsing that one document again.
 * @internal
 */
export function parseManifest(input: ManifestInput, options: ParseOptions = {}): ParsedManifest {
  const objects: ParsedObject[] = [];
  const problems: InputProblem[] = [];
  const keep = options.keep ?? (() => true);
  for (const chunk of chunksOf(input.text)) {
    const text = chunk.text;
    const kind = KIND_LINE.exec(text)?.[1];
    if (kind !== undefined && !keep(kind) && !kind.endsWith('List')) {
      objects.push(stubObject(input, chunk, ownCopy(kind)));
      continue;
    }
    try {
      const lineCounter = new LineCounter();
      const composer = new Composer({ uniqueKeys: false });
      for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text), true, text.length)) {
        readDocument(input, chunk, doc, lineCounter, keep, objects, problems);
      }
    } catch (error) {
      problems.push({ file: input.file, line: chunk.firstLine, message: `YAML the parser refuses: ${firstLine(error)}` });
    }
  }
  return { objects, problems };
}

/** A slice of the input holding one document (or, rarely, several separated by `...`). */
interface Chunk {
  readonly text: string;
  /** Offset of the slice in the input. */
  readonly offset: number;
  /** 1-based line of the slice's first line in the input. */
  readonly firstLine: number;
}

const DOCUMENT_START = /^---(?=[ \t\r]|$)/gm;
const KIND_LINE = /^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*(?:#.*)?\r?$/m;

/** The input cut before each `---` line at column 0, with each slice's first line. */
function chunksOf(text: string | Uint8Array): Iterable<Chunk> {
  return typeof text === 'string' ? stringChunksOf(text) : byteChunksOf(text);
}

function stringChunksOf(text: string): Chunk[] {
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_START)) if (match.index > 0) starts.push(match.index);
  const chunks: Chunk[] = [];
  let line = 1;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const to = i + 1 < starts.length ? starts[i + 1] : text.length;
    chunks.push({ text: text.slice(from, to), offset: from, firstLine: line });
    for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) line += 1;
  }
  return chunks;
}

const NEWLINE = 0x0a;
const DASH = 0x2d;

/**
 * The same cut on UTF-8 bytes, decoding one chunk at a time (a `---` line is ASCII, so a cut never splits a
 * character). The offset is the byte offset; lines are counted as in the string form.
 */
function* byteChunksOf(bytes: Uint8Array): Generator<Chunk> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let from = 0;
  let chunkLine = 1;
  let line = 1;
  for (let newline = buffer.indexOf(NEWLINE); newline !== -1; newline = buffer.indexOf(NEWLINE, newline + 1)) {
    const start = newline + 1;
    line += 1;
    if (start < buffer.length && isDocumentStart(buffer, start)) {
      yield byteChunk(buffer, from, start, chunkLine);
      from = start;
      chunkLine = line;
    }
  }
  yield byteChunk(buffer, from, buffer.length, chunkLine);
}

/**
 * A chunk of bytes whose text is decoded on each read and never kept: the objects of a document hold their
 * chunk (to find the line of a path later), and a decoded copy per document would hold the input a second time.
 */
function byteChunk(buffer: Buffer, from: number, to: number, startLine: number): Chunk {
  return { offset: from, firstLine: startLine, get text() { return buffer.toString('utf8', from, to); } };
}

/** `---` at `at` (a line start) followed by a space, a tab, `\r`, a newline or the end. */
function isDocumentStart(buffer: Buffer, at: number): boolean {
  if (buffer[at] !== DASH || buffer[at + 1] !== DASH || buffer[at + 2] !== DASH) return false;
  const next = buffer[at + 3];
  return next === undefined || next === 0x20 || next === 0x09 || next === 0x0d || next === NEWLINE;
}

/** A copy of a short string that does not keep the document it was cut from alive (V8 slices share their parent). */
function ownCopy(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

/** An object of a kind the caller does not read: its kind, its name when a plain `metadata.name` shows it. */
function stubObject(input: ManifestInput, chunk: Chunk, kind: string): ParsedObject {
  const lines = chunk.text.split('\n', 400);
  const contentAt = lines.findIndex((l) => !/^\s*(#.*)?\r?$/.test(l) && !/^---\s*(#.*)?\r?$/.test(l));
  const metadataAt = lines.findIndex((l) => /^metadata:\s*(#.*)?\r?$/.test(l));
  let name: string | undefined;
  if (metadataAt >= 0) {
    const indent = /^(\s+)\S/.exec(lines[metadataAt + 1] ?? '')?.[1];
    for (let i = metadataAt + 1; indent !== undefined && i < lines.length && lines[i].startsWith(indent); i++) {
      const match = new RegExp(`^${indent}name:[ \\t]*["']?([^"'\\s#]+)`).exec(lines[i]);
      if (match) {
        name = ownCopy(match[1]);
        break;
      }
    }
  }
  const line = chunk.firstLine + Math.max(contentAt, 0);
  return {
    object: { kind, metadata: name !== undefined ? { name } : {} },
    source: { file: input.file, line },
    lineOf: (path) => lineInDocument(chunk, path),
  };
}

function readDocument(
  input: ManifestInput,
  chunk: Chunk,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  keep: (kind: string) => boolean,
  objects: ParsedObject[],
  problems: InputProblem[],
): void {
  const lineAt = (offset: number) => chunk.firstLine - 1 + lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const at = lineCounter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    problems.push({ file: input.file, line: chunk.firstLine - 1 + at.line, column: at.col, message: `invalid YAML: ${message}` });
    return;
  }
  const duplicate = firstDuplicateKey(doc.contents);
  if (duplicate !== undefined) {
    const [first, second] = duplicate.offsets.map(lineAt);
    problems.push({
      file: input.file,
      line: second,
      message: `duplicate key '${duplicate.key}' at lines ${first} and ${second}: kubectl and Helm refuse the document, and which value ` +
        'a tool keeps differs; remove one of them (audited with the last one)',
    });
  }
  const docLine = lineAt(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
  const kind = isMap(doc.contents) ? scalarOf(doc.contents, 'kind') : undefined;
  const [start, , end] = doc.range;
  const own: Chunk = start === 0 && end >= chunk.text.length
    ? chunk
    : { text: chunk.text.slice(start, end), offset: chunk.offset + start, firstLine: lineAt(start) };
  const lineOf = (base: FieldPath) => (path: FieldPath) => lineInDocument(own, [...base, ...path]);
  if (typeof kind === 'string' && !keep(kind) && !kind.endsWith('List')) {
    const metadata = isMap(doc.contents) ? doc.contents.get('metadata') : undefined;
    const name = isMap(metadata) ? scalarOf(metadata, 'name') : undefined;
    objects.push({ object: { kind, metadata: typeof name === 'string' ? { name } : {} }, source: { file: input.file, line: docLine }, lineOf: lineOf([]) });
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library's guard against alias bombs ("Excessive alias count indicates a resource
    // exhaustion attack", yaml/src/nodes/Alias.ts \`resolve\`), or a stack overflow on deep nesting.
    problems.push({ file: input.file, line: docLine, message: `YAML the parser refuses: ${firstLine(error)}; the document is skipped` });
    return;
  }
  if (value === null || value === undefined) return; // an empty document
  if (!isRecord(value) || typeof value.kind !== 'string') {
    problems.push({ file: input.file, line: docLine, message: 'not a Kubernetes object (no kind): skipped' });
    return;
  }
  if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, i) => {
      if (!isRecord(item) || typeof item.kind !== 'string') return;
      const at = lineOf(['items', i]);
      objects.push({ object: item, source: { file: input.file, line: at([]) }, lineOf: at });
    });
    return;
  }
  objects.push({ object: value, source: { file: input.file, line: docLine }, lineOf: lineOf([]) });
}

/**
 * The first key that a map of the document repeats (YAML 1.2 requires unique keys; kubectl's and Helm's parsers refuse
 * a repeat), with the offsets of both; merge keys (`<<`) may repeat. The parser keeps the last value silently
 * (`uniqueKeys: false`, so that the rest of the input is still read), which would audit a value the cluster never gets.
 */
function firstDuplicateKey(node: unknown): { readonly key: string; readonly offsets: readonly [number, number] } | undefined {
  if (isMap(node)) {
    const seen = new Map<unknown, number>();
    for (const pair of node.items) {
      const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      const value = key !== null && typeof key === 'object' && 'value' in key ? key.value : undefined;
      if (value !== undefined && value !== '<<' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
        const offset = key?.range?.[0] ?? 0;
        const earlier = seen.get(value);
        if (earlier !== undefined) return { key: String(value), offsets: [earlier, offset] };
        seen.set(value, offset);
      }
      const inner = firstDuplicateKey(pair.value);
      if (inner !== undefined) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = firstDuplicateKey(item);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** A scalar value of a map's key, read from the syntax tree without converting the document. */
function scalarOf(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const node = map.get(key, true) as { value?: unknown } | undefined;
  return node?.value;
}

/**
 * The line of a field, by parsing its document again: the audit asks for lines only where it reports,
 * one workload at a time, so the last document parsed is kept and the others are not held in memory.
 */
function lineInDocument(chunk: Chunk, path: FieldPath): number {
  if (LAST?.chunk !== chunk) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(chunk.text, { lineCounter, uniqueKeys: false });
    LAST = { chunk, doc, lineCounter };
  }
  return chunk.firstLine - 1 + lineOfPath(LAST.doc, LAST.lineCounter, path);
}

let LAST: { readonly chunk: Chunk; readonly doc: Document; readonly lineCounter: LineCounter } | undefined;

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
      // The last pair: the value the parser keeps for a repeated key (reported as an input problem), so the line matches it.
      const pair = [...node.items].reverse().find((p) => (p.key as { value?: unknown } | null)?.value === segment);
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
