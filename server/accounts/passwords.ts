import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Semaphore } from '../limits/semaphore';

interface Cost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation: N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash). */
const OWASP: Cost = { N: 2 ** 17, r: 8, p: 1 };
/** Tests only (see ServerOptions.insecureFastPasswordHashingForTestsOnly). */
const TEST_ONLY: Cost = { N: 2 ** 10, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Refuse stored parameters beyond this, so a tampered row cannot make one login allocate gigabytes. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes and verifies passwords with scrypt. Stored form: `scrypt$N$r$p$salt$key` (base64url), so the cost can change
 * without invalidating old hashes. At most `concurrency` hashes run at once; a bounded number wait.
 */
export class PasswordHasher {
  private readonly cost: Cost;
  private readonly gate: Semaphore;
  private dummy: Promise<string> | null = null;

  constructor(options: { fast: boolean; concurrency: number; queue: number }) {
    this.cost = options.fast ? TEST_ONLY : OWASP;
    this.gate = new Semaphore(options.concurrency, options.queue);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(async () => {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, this.cost);
      const { N, r, p } = this.cost;
      return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    });
  }

  /**
   * Verifies a password against a stored hash. With `stored === null` (unknown user) it still spends the time of one
   * hash, so a caller cannot tell an unknown user from a wrong password by timing.
   */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const target = stored ?? (await (this.dummy ??= this.hash('dummy password that never matches')));
    const parts = target.split('$');
    const [scheme, n, r, p, salt, key] = parts;
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    const valid =
      parts.length === 6 && scheme === 'scrypt' && Number.isInteger(cost.N) && cost.N > 1 && cost.N <= MAX_N && cost.r > 0 && cost.p > 0;
    if (!valid) {
      // An unusable password (like the support account's): spend the same time, never match.
      await this.hash(password);
      return false;
    }
    const expected = Buffer.from(key!, 'base64url');
    const actual = await this.gate.run(() => derive(password, Buffer.from(salt!, 'base64url'), cost));
    return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** A stored password that no input can match. */
export const UNUSABLE_PASSWORD = '!';
