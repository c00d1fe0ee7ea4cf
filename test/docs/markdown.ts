/**
 * Reading Markdown pages for the docs checks (pages.test.ts): their headings' anchors, their relative links and
 * their fenced code blocks, as GitHub renders them.
 */

/** A fenced code block: its info string (`sh`, `ts`, ...) and its body. */
export interface FencedBlock {
  readonly info: string;
  readonly body: string;
}

const FENCE = /^(`{3,}|~{3,})(.*)$/;

/** The page's lines outside fenced code blocks, and its fenced blocks. */
function split(text: string): { readonly prose: string[]; readonly blocks: FencedBlock[] } {
  const prose: string[] = [];
  const blocks: FencedBlock[] = [];
  let open: { fence: string; info: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line);
    if (open === undefined) {
      if (fence) open = { fence: fence[1], info: fence[2].trim(), lines: [] };
      else prose.push(line);
    } else if (fence && fence[1].startsWith(open.fence) && fence[2].trim() === '') {
      blocks.push({ info: open.info, body: open.lines.join('\n') });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  return { prose, blocks };
}

/** The page's fenced code blocks, in order. */
export function fencedBlocks(text: string): FencedBlock[] {
  return split(text).blocks;
}

/**
 * The anchors GitHub gives the page's headings: lower case, punctuation other than `-` and `_` dropped, each
 * space a `-`; a repeated anchor gets `-1`, `-2`, ... (github/cmark-gfm's and GitHub's html-pipeline TOC filter).
 */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of split(text).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1].toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The targets of the page's inline links and images that are relative (no scheme): `path`, `path#anchor`, `#anchor`. */
export function relativeLinks(text: string): string[] {
  const links: string[] = [];
  for (const line of split(text).prose) {
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(match[1])) links.push(match[1]);
    }
  }
  return links;
}
