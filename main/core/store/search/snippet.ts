import type { z } from 'zod';
import type { SnippetPart } from '../../../../shared/domain';
import { fold, tokenize, type QueryTerm, type Token } from './text';

type Part = z.infer<typeof SnippetPart>;

/** Longer texts are cut to a window of about this many characters around the first match. */
const WINDOW_CHARS = 160;
const CONTEXT_BEFORE_CHARS = 40;
const ELLIPSIS = '…';

/** Character ranges of the tokens the terms match, the way the index matched them (prefixes, CJK phrases). */
function matchedRanges(tokens: Token[], terms: QueryTerm[]): [number, number][] {
  const folded = tokens.map((token) => fold(token.text));
  const hit = new Array<boolean>(tokens.length).fill(false);
  for (const term of terms) {
    if (term.kind === 'prefix') {
      const prefix = fold(term.word);
      folded.forEach((text, i) => {
        if (!tokens[i]!.cjk && text.startsWith(prefix)) hit[i] = true;
      });
      continue;
    }
    const chars = term.chars.map(fold);
    for (let i = 0; i + chars.length <= tokens.length; i++) {
      if (chars.every((char, k) => tokens[i + k]!.cjk && folded[i + k] === char)) {
        for (let k = 0; k < chars.length; k++) hit[i + k] = true;
      }
    }
  }
  const ranges: [number, number][] = [];
  tokens.forEach((token, i) => {
    if (!hit[i]) return;
    const last = ranges[ranges.length - 1];
    // Adjacent matched CJK characters read as one highlighted word.
    if (last !== undefined && last[1] === token.start) last[1] = token.end;
    else ranges.push([token.start, token.end]);
  });
  return ranges;
}

/** The window of `text` to show: all of it when short, else a stretch starting a little before the first match. */
function window(text: string, firstMatch: number): [number, number] {
  if (text.length <= WINDOW_CHARS) return [0, text.length];
  let start = Math.max(0, firstMatch - CONTEXT_BEFORE_CHARS);
  const space = text.lastIndexOf(' ', start);
  if (start > 0 && space > start - 15 && space >= 0) start = space + 1;
  let end = Math.min(text.length, start + WINDOW_CHARS);
  const nextSpace = text.indexOf(' ', end);
  if (end < text.length && nextSpace !== -1 && nextSpace - end < 15) end = nextSpace;
  return [start, end];
}

/** The snippet of a message for a search: plain text parts, the matched words flagged. Never HTML. */
export function buildSnippet(text: string, terms: QueryTerm[]): Part[] {
  const ranges = matchedRanges(tokenize(text), terms);
  const [start, end] = window(text, ranges[0]?.[0] ?? 0);
  const parts: Part[] = [];
  const push = (from: number, to: number, match: boolean) => {
    if (to > from) parts.push({ text: text.slice(from, to), match });
  };
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const clippedFrom = Math.max(from, start);
    const clippedTo = Math.min(to, end);
    push(at, clippedFrom, false);
    push(clippedFrom, clippedTo, true);
    at = clippedTo;
  }
  push(at, end, false);
  if (start > 0) parts.unshift({ text: ELLIPSIS, match: false });
  if (end < text.length) parts.push({ text: ELLIPSIS, match: false });
  return parts;
}
