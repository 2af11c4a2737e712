/**
 * How message text is tokenized for search, shared by indexing, queries and snippets.
 *
 * FTS5's unicode61 tokenizer splits on anything that is not a letter or digit, so a run of Chinese (or Japanese)
 * characters, which has no spaces, becomes one long token and "你好" could never be found inside "我们明天见，你好吗".
 * The trigram tokenizer would find it but cannot match queries shorter than three characters, and most Chinese
 * words are two. So every CJK character is indexed as a token of its own (we put spaces around it before
 * indexing) and a CJK query is matched as a phrase of consecutive characters; Latin words keep word tokens and
 * prefix matching.
 */
const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const cjkChars = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/** Letters, digits and combining marks: what unicode61 keeps as token characters. */
const wordRun = /[\p{L}\p{N}\p{M}]+/gu;

export function isCjk(char: string): boolean {
  return cjkChar.test(char);
}

/** The text given to the FTS index for a message. */
export function indexableText(text: string): string {
  return text.replace(cjkChars, (char) => ` ${char} `);
}

export interface Token {
  /** Offset in the original string (UTF-16 code units). */
  start: number;
  end: number;
  text: string;
  cjk: boolean;
}

/** Splits text the way the index sees it: word runs, with every CJK character as a token of its own. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const run of text.matchAll(wordRun)) {
    let wordStart = -1;
    const runStart = run.index;
    const chars = run[0];
    let offset = 0;
    for (const char of chars) {
      const at = runStart + offset;
      if (isCjk(char)) {
        if (wordStart >= 0) tokens.push(token(text, wordStart, at, false));
        wordStart = -1;
        tokens.push(token(text, at, at + char.length, true));
      } else if (wordStart < 0) {
        wordStart = at;
      }
      offset += char.length;
    }
    if (wordStart >= 0) tokens.push(token(text, wordStart, runStart + chars.length, false));
  }
  return tokens;
}

function token(text: string, start: number, end: number, cjk: boolean): Token {
  return { start, end, text: text.slice(start, end), cjk };
}

/** Case and accent folding close to unicode61's `remove_diacritics 2`, for matching query terms in snippets. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A query term: a word matched as a prefix, or a run of CJK characters matched as consecutive tokens. */
export type QueryTerm = { kind: 'prefix'; word: string } | { kind: 'phrase'; chars: string[] };

/** A prefix word resolved to the indexed words it can match (see search.ts), or left to FTS5's prefix query. */
export type MatchTerm = QueryTerm | { kind: 'anyOf'; words: string[] };

/** The distinct folded words of a text (CJK characters aside): the vocabulary that prefix queries expand into. */
export function vocabularyOf(text: string): string[] {
  const words = new Set<string>();
  for (const token of tokenize(text)) if (!token.cjk) words.add(fold(token.text));
  return [...words];
}

/** The user's query as terms; everything that is not a letter or digit is dropped, so no FTS syntax survives. */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  let phrase: string[] = [];
  let previousEnd = -1;
  const flush = () => {
    if (phrase.length > 0) terms.push({ kind: 'phrase', chars: phrase });
    phrase = [];
  };
  for (const tok of tokenize(query)) {
    if (!tok.cjk) {
      flush();
      terms.push({ kind: 'prefix', word: tok.text });
    } else {
      if (tok.start !== previousEnd) flush();
      phrase.push(tok.text);
    }
    previousEnd = tok.end;
  }
  flush();
  return terms;
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The FTS5 MATCH expression for the terms, limited to the `body` column and optionally to one conversation. */
export function matchExpression(terms: MatchTerm[], conversationToken?: string): string {
  const parts = terms.map((term) => {
    switch (term.kind) {
      case 'prefix':
        return `body : ${quote(term.word)} *`;
      case 'phrase':
        return `body : ${quote(term.chars.join(' '))}`;
      case 'anyOf':
        return `body : (${term.words.map(quote).join(' OR ')})`;
    }
  });
  if (conversationToken !== undefined) parts.unshift(`conv : ${quote(conversationToken)}`);
  return parts.join(' AND ');
}

/** The token that marks a conversation's rows in the index's `conv` column. */
export function conversationToken(localId: number): string {
  return `c${localId}`;
}
