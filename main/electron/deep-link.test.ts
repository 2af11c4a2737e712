import { describe, expect, it } from 'vitest';
import { findDeepLink, parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
  it('accepts parley://open/<convId>', () => {
    expect(parseDeepLink('parley://open/01HZX3ABC')).toEqual({ kind: 'openConversation', convId: '01HZX3ABC' });
    expect(parseDeepLink('parley://open/conv_1/')).toEqual({ kind: 'openConversation', convId: 'conv_1' });
  });

  it.each([
    ['another scheme', 'https://open/abc'],
    ['another action', 'parley://delete/abc'],
    ['no id', 'parley://open/'],
    ['two segments', 'parley://open/abc/def'],
    ['an id the schema rejects', 'parley://open/abc%20def'],
    ['an id too long', `parley://open/${'a'.repeat(65)}`],
    ['a query string', 'parley://open/abc?x=1'],
    ['a fragment', 'parley://open/abc#x'],
    ['credentials', 'parley://me:pw@open/abc'],
    ['a path traversal', 'parley://open/..%2F..%2Fetc'],
    ['garbage', 'not a url'],
    ['bad percent-encoding', 'parley://open/%E0%A4%A'],
  ])('rejects %s', (_why, link) => {
    expect(parseDeepLink(link)).toBeNull();
  });
});

describe('findDeepLink', () => {
  it('finds the link among the arguments of a second launch', () => {
    const argv = ['/opt/Parley/parley', '--no-sandbox', 'parley://open/c1'];
    expect(findDeepLink(argv)).toEqual({ kind: 'openConversation', convId: 'c1' });
  });

  it('skips invalid links and returns null when there is none', () => {
    expect(findDeepLink(['parley', 'parley://open/bad id', 'parley://open/ok'])).toEqual({ kind: 'openConversation', convId: 'ok' });
    expect(findDeepLink(['parley', '--flag'])).toBeNull();
  });
});
