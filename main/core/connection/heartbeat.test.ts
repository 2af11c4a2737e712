import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat';

let heartbeat: Heartbeat | null = null;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  heartbeat?.dispose();
  vi.useRealTimers();
});

describe('Heartbeat', () => {
  it('pings at its interval and reports silence only after watchdogMs without any frame', async () => {
    const silences: number[] = [];
    let pings = 0;
    heartbeat = new Heartbeat({
      pingIntervalMs: 15_000,
      watchdogMs: 45_000,
      ping: () => {
        pings++;
        return new Promise(() => undefined);
      },
      onRoundTrip: () => undefined,
      onSilence: (ms) => silences.push(ms),
    });
    await vi.advanceTimersByTimeAsync(30_000);
    heartbeat.frameReceived();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(silences).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(silences).toEqual([45_000]);
    expect(pings).toBe(5);
  });

  it('reports round trips and stops everything on dispose', async () => {
    const trips: number[] = [];
    const silences: number[] = [];
    heartbeat = new Heartbeat({
      pingIntervalMs: 1_000,
      watchdogMs: 3_000,
      ping: () => Promise.resolve(),
      onRoundTrip: (ms) => trips.push(ms),
      onSilence: (ms) => silences.push(ms),
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(trips).toHaveLength(2);
    heartbeat.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(trips).toHaveLength(2);
    expect(silences).toEqual([]);
  });
});
