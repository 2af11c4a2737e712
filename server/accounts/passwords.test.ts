import { describe, expect, it } from 'vitest';
import { QueueFullError, Semaphore } from '../limits/semaphore';
import { PasswordHasher, UNUSABLE_PASSWORD } from './passwords';

describe('password hashing', () => {
  it('uses scrypt at the OWASP cost and stores the parameters with the hash', async () => {
    const hasher = new PasswordHasher({ fast: false, concurrency: 2, queue: 4 });
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hasher.verify('correct horse battery', stored)).toBe(true);
    expect(await hasher.verify('correct horse battery!', stored)).toBe(false);
  });

  it('verifies hashes made at another cost, and never matches unknown users or unusable passwords', async () => {
    const fast = new PasswordHasher({ fast: true, concurrency: 2, queue: 4 });
    const stored = await fast.hash('secret password');
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await fast.verify('secret password', stored)).toBe(true);
    expect(await fast.verify('secret password', null)).toBe(false);
    expect(await fast.verify('!', UNUSABLE_PASSWORD)).toBe(false);
    expect(await fast.verify('secret password', 'scrypt$4294967296$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('semaphore', () => {
  it('runs at most `concurrency` tasks and refuses beyond the queue bound', async () => {
    const gate = new Semaphore(2, 1);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      gate.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const tasks = [task(), task(), task()];
    await expect(task()).rejects.toBeInstanceOf(QueueFullError);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
  });
});
