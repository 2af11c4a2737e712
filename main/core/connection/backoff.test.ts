import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('draws each delay uniformly below min(cap, base * 2^attempt)', () => {
    const highest = new Backoff(500, 30_000, () => 0.999_999);
    const ceilings = Array.from({ length: 9 }, () => highest.next());
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    const lowest = new Backoff(500, 30_000, () => 0);
    expect([lowest.next(), lowest.next(), lowest.next()]).toEqual([0, 0, 0]);
  });

  it('counts attempts and starts over after reset', () => {
    const backoff = new Backoff(500, 30_000, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(250);
  });

  it('never overflows after very many attempts', () => {
    const backoff = new Backoff(500, 30_000, () => 0.5);
    for (let i = 0; i < 5_000; i++) backoff.next();
    expect(backoff.next()).toBe(15_000);
  });
});
