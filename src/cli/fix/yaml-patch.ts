import { isAlias, isCollection, isMap, isScalar, isSeq, stringify, type Node, type Pair } from 'yaml';

/**
 * One change to a YAML source: the text between `start` and `end` (offsets) becomes `text`.
 * @internal
 */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Set when the edit replaces a value the YAML had (not when it adds one): said to the user. */
  readonly replaced?: { readonly path: string; readonly from: unknown; readonly to: unknown };
}

/**
 * A change `fix` cannot write into the YAML as it is written (a YAML alias where the plan changes a value); the
 * message names the path and the fix.
 * @internal
 */
export class YamlPatchError extends Error {}

/** How new YAML text is rendered: no line folding (a long command stays on one line), as kubectl and helm print. */
const RENDER = { lineWidth: 0 } as const;

/**
 * The smallest text edits that turn the YAML node `node` (whose value is `before`) into `after`, leaving every byte
 * the change does not need as it is: comments, key order, quoting, flow or block style, blank lines. Keys of `before`
 * that `after` lacks are left alone (nothing is removed); a key `after` adds goes after the map's last key, an array
 * item before or after the items the array keeps (the core's merge prepends init containers and appends env entries,
 * volumes and mounts); a value that changes is rewritten in place. A flow collection that changes is rewritten as a
 * flow collection.
 * @param source the text the node was parsed from (its ranges are offsets into it)
 * @param path the path of `node`, for error messages
 * @internal
 */
export function diffToEdits(source: string, node: Node | null, before: unknown, after: unknown, path: readonly (string | number)[] = []): TextEdit[] {
  const edits: TextEdit[] = [];
  patch(source, node, before, after, path, edits);
  return edits;
}

/**
 * Applies non-overlapping edits; edits at the same offset keep the order they were made in.
 * @internal
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.start - a.edit.start || b.order - a.order);
  let text = source;
  for (const { edit } of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

function patch(source: string, node: Node | null, before: unknown, after: unknown, path: readonly (string | number)[], edits: TextEdit[]): void {
  if (after === undefined || sameData(before, after)) return;
  if (node !== null && isAlias(node)) {
    throw new YamlPatchError(`${pathText(path)} is a YAML alias (*${node.source}), which fix does not edit; write the value out in place of the alias`);
  }
  if (node !== null && isCollection(node) && node.flow) {
    replace(source, node, renderFlow(after), edits, isEmptyCollection(before) ? undefined : { path: pathText(path), from: before, to: after });
    return;
  }
  if (isMap(node) && isRecord(before) && isRecord(after)) {
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      const pair = node.items.find((p) => keyOf(p) === key);
      if (pair) patchPair(source, pair, before[key], value, [...path, key], edits);
      else edits.push(insertIntoMap(source, node, key, value));
    }
    return;
  }
  if (isSeq(node) && Array.isArray(before) && Array.isArray(after)) {
    patchSeq(source, node, before, after, path, edits);
    return;
  }
  if (node === null || (isScalar(node) && node.value === null && node.range === undefined)) {
    throw new YamlPatchError(`${pathText(path)} has no value in the YAML to replace; write one (e.g. {}) and run fix again`);
  }
  if (isScalar(node) && node.value === null && isJsCollection(after) && !isEmptyCollection(after)) {
    // `key:` with nothing after it: the collection goes on the lines below, indented under the key.
    const column = columnOf(source, lineStart(source, node.range![0]) === node.range![0] ? node.range![0] : keyColumnStart(source, node.range![0]));
    edits.push({ start: node.range![0], end: node.range![1], text: `\n${indent(stringify(after, RENDER), column + 2).trimEnd()}` });
    return;
  }
  const text = isJsCollection(after) && !isJsCollection(before) ? renderFlow(after) : renderAt(after, columnOf(source, node.range![0]));
  replace(source, node, text, edits,
    before === null || before === undefined ? undefined : { path: pathText(path), from: before, to: after });
}

function patchPair(source: string, pair: Pair, before: unknown, after: unknown, path: readonly (string | number)[], edits: TextEdit[]): void {
  const value = pair.value as Node | null;
  if (value === null) {
    // `key:` with no value node at all: write the value after the colon.
    const keyNode = pair.key as Node;
    const end = source.indexOf(':', keyNode.range![1]) + 1;
    const text = isJsCollection(after) && !isEmptyCollection(after)
      ? `\n${indent(stringify(after, RENDER), columnOf(source, keyNode.range![0]) + 2).trimEnd()}`
      : ` ${renderFlow(after)}`;
    edits.push({ start: end, end, text });
    return;
  }
  patch(source, value, before, after, path, edits);
}

/**
 * An array the core's merge changed: the items it keeps stay in order, new ones come before them (init containers) or
 * after them (env, volumes, mounts). Kept items are matched by `name` when they have one, else by position.
 */
function patchSeq(
  source: string,
  node: Node & { items: unknown[] },
  before: unknown[],
  after: unknown[],
  path: readonly (string | number)[],
  edits: TextEdit[],
): void {
  const first = before.length === 0 ? -1 : after.findIndex((item) => sameItem(item, before[0]));
  const offset = first < 0 ? 0 : first;
  const keeps = before.length > 0 && first >= 0 && after.length >= offset + before.length &&
    before.every((item, i) => sameItem(after[offset + i], item));
  if (!keeps) {
    replace(source, node, renderAt(after, columnOf(source, node.range![0])), edits, { path: pathText(path), from: before, to: after });
    return;
  }
  const items = node.items as Node[];
  const column = columnOf(source, seqDashOffset(source, items[0]));
  if (offset > 0) {
    const at = lineStart(source, seqDashOffset(source, items[0]));
    edits.push({ start: at, end: at, text: indent(stringify(after.slice(0, offset), RENDER), column) });
  }
  before.forEach((item, i) => patch(source, items[i], item, after[offset + i], [...path, i], edits));
  const appended = after.slice(offset + before.length);
  if (appended.length > 0) {
    const at = lineEndAfter(source, node.range![1]);
    edits.push({ start: at.offset, end: at.offset, text: `${at.newline ? '\n' : ''}${indent(stringify(appended, RENDER), column)}` });
  }
}

function sameItem(a: unknown, b: unknown): boolean {
  if (isRecord(a) && isRecord(b) && typeof a.name === 'string' && typeof b.name === 'string') return a.name === b.name;
  return sameData(a, b);
}

function insertIntoMap(source: string, node: Node & { items: Pair[] }, key: string, value: unknown): TextEdit {
  const firstKey = node.items[0]?.key as Node | undefined;
  const column = columnOf(source, firstKey?.range?.[0] ?? node.range![0]);
  const at = lineEndAfter(source, node.range![1]);
  return { start: at.offset, end: at.offset, text: `${at.newline ? '\n' : ''}${indent(stringify({ [key]: value }, RENDER), column)}` };
}

function replace(_source: string, node: Node, text: string, edits: TextEdit[], replaced?: TextEdit['replaced']): void {
  edits.push({ start: node.range![0], end: node.range![1], text, ...(replaced ? { replaced } : {}) });
}

/** A value rendered where a node starts at `column`: the first line goes in place, the rest are indented to match. */
function renderAt(value: unknown, column: number): string {
  if (!isJsCollection(value) || isEmptyCollection(value)) return renderFlow(value);
  const lines = stringify(value, RENDER).trimEnd().split('\n');
  return [lines[0], ...lines.slice(1).map((line) => (line === '' ? line : ' '.repeat(column) + line))].join('\n');
}

function renderFlow(value: unknown): string {
  return stringify(value, { ...RENDER, collectionStyle: 'flow' }).trimEnd();
}

function indent(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.split('\n').map((line) => (line === '' ? line : pad + line)).join('\n');
}

/**
 * The offset of the `-` of a block sequence item (its node starts after it, and after an anchor or tag): the first
 * character of the item's line.
 */
function seqDashOffset(source: string, item: Node): number {
  const start = lineStart(source, item.range![0]);
  const text = source.slice(start, item.range![0]);
  const dash = text.search(/\S/);
  return dash >= 0 && text[dash] === '-' ? start + dash : item.range![0];
}

function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** For `key:` with an empty value: the offset where the key's line starts its text. */
function keyColumnStart(source: string, offset: number): number {
  const start = lineStart(source, offset);
  return start + (source.slice(start).length - source.slice(start).trimStart().length);
}

/** Where a new line goes after a node ending at `offset`: the start of the next line, or the end of the text. */
function lineEndAfter(source: string, offset: number): { offset: number; newline: boolean } {
  // A block node's range may end after the next line's indentation: back up to that line's start.
  let start = offset;
  while (start > 0 && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
  if (start > 0 && source[start - 1] === '\n') return { offset: start, newline: false };
  const newline = source.indexOf('\n', offset);
  return newline < 0 ? { offset: source.length, newline: true } : { offset: newline + 1, newline: false };
}

function keyOf(pair: Pair): unknown {
  const key = pair.key as unknown;
  return isScalar(key) ? key.value : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isJsCollection(value: unknown): value is unknown[] | Record<string, unknown> {
  return Array.isArray(value) || isRecord(value);
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${p}`)).join('') || '(the document)';
}

/**
 * Deep equality of plain data (what YAML holds: maps, lists, scalars), whatever realm made the objects (a jest VM
 * context, a worker): `util.isDeepStrictEqual` also compares prototypes, so two equal maps of different realms differ.
 * @internal
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameData(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}
