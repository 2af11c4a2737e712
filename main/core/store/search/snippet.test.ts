import { describe, expect, it } from 'vitest';
import { buildSnippet } from './snippet';
import { matchExpression, parseQuery } from './text';

describe('parseQuery', () => {
  it('turns words into prefix terms and CJK runs into phrases, dropping everything else', () => {
    expect(parseQuery('Hello, wor"ld* 你好吗 x你')).toEqual([
      { kind: 'prefix', word: 'Hello' },
      { kind: 'prefix', word: 'wor' },
      { kind: 'prefix', word: 'ld' },
      { kind: 'phrase', chars: ['你', '好', '吗'] },
      { kind: 'prefix', word: 'x' },
      { kind: 'phrase', chars: ['你'] },
    ]);
    expect(parseQuery('"*()^:-')).toEqual([]);
  });

  it('builds a MATCH expression restricted to the body column', () => {
    expect(matchExpression(parseQuery('bread 你好'), 'c7')).toBe('conv : "c7" AND body : "bread" * AND body : "你 好"');
  });
});

describe('buildSnippet', () => {
  it('cuts long texts to a window around the first match with ellipses', () => {
    const long = `${'filler '.repeat(60)}the needle is here ${'tail '.repeat(60)}`;
    const parts = buildSnippet(long, parseQuery('needle'));
    expect(parts[0]).toEqual({ text: '…', match: false });
    expect(parts.at(-1)).toEqual({ text: '…', match: false });
    expect(parts.filter((part) => part.match)).toEqual([{ text: 'needle', match: true }]);
    expect(parts.map((part) => part.text).join('').length).toBeLessThan(200);
  });

  it('returns the text unhighlighted when nothing matches visibly', () => {
    expect(buildSnippet('plain text', parseQuery('zzz'))).toEqual([{ text: 'plain text', match: false }]);
  });

  it('keeps markup as plain text', () => {
    expect(buildSnippet('<b>bold</b> move', parseQuery('bold'))).toEqual([
      { text: '<b>', match: false },
      { text: 'bold', match: true },
      { text: '</b> move', match: false },
    ]);
  });
});
