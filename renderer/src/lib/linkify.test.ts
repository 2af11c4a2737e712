import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

describe('linkify', () => {
  it('turns http(s), www and mailto addresses into links and leaves the rest as text', () => {
    expect(linkify('see https://example.org/a?b=1, or www.x.io. mail mailto:a@b.c')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.x.io', href: 'https://www.x.io/' },
      { kind: 'text', text: '. mail ' },
      { kind: 'link', text: 'mailto:a@b.c', href: 'mailto:a@b.c' },
    ]);
  });

  it('never links other schemes', () => {
    expect(linkify('javascript:alert(1) data:text/html,<b> file:///etc/passwd')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) data:text/html,<b> file:///etc/passwd' },
    ]);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://')).toBeNull();
  });

  it('keeps a closing parenthesis that belongs to the address', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar))',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar))',
    });
  });
});
