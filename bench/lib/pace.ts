import { sleep } from './cleanup';

/**
 * Calls `fire(i)` for i = 0..count-1 at `perSecond` on average. Timers only fire at ~1 ms granularity, so
 * each wake-up fires every call that is due; the loop is bounded by `count` and by `maxMs`.
 */
export async function pace(count: number, perSecond: number, maxMs: number, fire: (i: number) => void): Promise<number> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  let fired = 0;
  while (fired < count) {
    const now = performance.now();
    if (now - start > maxMs) break;
    const due = Math.min(count, Math.floor((now - start) / interval) + 1);
    while (fired < due) fire(fired++);
    if (fired < count) await sleep(Math.max(0, start + fired * interval - performance.now()));
  }
  return fired;
}

/** Nanoseconds on the system-wide monotonic clock: comparable between processes on the same machine. */
export const nowNs = (): bigint => process.hrtime.bigint();
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;
