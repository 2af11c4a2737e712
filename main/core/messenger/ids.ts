import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';

/**
 * ulid's own Node generator asks the OS for one random byte per character (16 calls per id); this draws the same
 * cryptographically random bytes from a pool refilled 4 KiB at a time. Each byte maps to one of 32 characters
 * exactly as ulid's default does (byte / 256), so ids are distributed the same.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomFraction(): number {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++]! / 256;
}

export function newId(): string {
  return ulid(undefined, randomFraction);
}
