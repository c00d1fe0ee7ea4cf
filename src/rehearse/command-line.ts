import { GracefulConfigError } from '../core';

/**
 * Splits an app command into argv as a POSIX shell would for plain words: whitespace separates,
 * single quotes are literal, double quotes and backslashes escape. No expansion happens: the command
 * runs like an exec-form `command:` (PID 1 is the program itself). Write `sh -c '...'` explicitly to
 * rehearse a shell-form entrypoint.
 */
export function splitCommandLine(text: string): string[] {
  const { segments, unclosedQuote } = shellWords(text, false);
  if (unclosedQuote) throw new GracefulConfigError('app', text, `has an unclosed ${unclosedQuote} quote; close it or quote the whole command once`);
  const words = segments[0] ?? [];
  if (words.length === 0) throw new GracefulConfigError('app', text, 'is empty; give the command that starts the app, e.g. "node server.js"');
  return words;
}

/**
 * The words of `text` as a POSIX shell splits plain words (whitespace separates, single quotes are
 * literal, double quotes and backslashes escape; nothing is expanded). With `separateCommands`, an
 * unquoted `;`, `&`, `|` or newline also ends a command, and each command's words are one segment.
 * @internal
 */
export function shellWords(text: string, separateCommands: boolean): { readonly segments: string[][]; readonly unclosedQuote?: '"' | '\'' } {
  const segments: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | '\'' | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = () => {
    endWord();
    if (words.length > 0) segments.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === '\'') {
      if (c === '\'') quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === '\'' || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (separateCommands && (c === ';' || c === '\n' || c === '&' || c === '|')) {
      endSegment();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endSegment();
  return quote ? { segments, unclosedQuote: quote } : { segments };
}
