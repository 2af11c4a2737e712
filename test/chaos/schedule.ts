import type { Random } from './random';

/** Network faults applied to one proxied link. */
export const linkFaultKinds = ['cut', 'cutMidFrame', 'reset', 'stall', 'halfOpen'] as const;
export type LinkFaultKind = (typeof linkFaultKinds)[number];

export type FaultKind =
  | LinkFaultKind
  /** SIGKILL of the server at a random moment. */
  | 'serverKill'
  /** SIGKILL of the server while acknowledgements of posts it already stored are held back by the proxy. */
  | 'serverKillBeforeAck'
  /** SIGKILL of one engine process while it sends. */
  | 'clientKill'
  /** Every link slices its writes into single bytes for a while. */
  | 'slicedPeriod'
  /** Every link adds latency and jitter for a while. */
  | 'latencyPeriod';

export interface PlannedFault {
  /** Milliseconds after the start of the sending phase. */
  at: number;
  kind: FaultKind;
}

export interface FaultQuotas {
  disconnects: number;
  serverKills: number;
  clientKills: number;
  degradedPeriods: number;
}

/**
 * Spreads every fault over the sending phase: each family on evenly spaced slots with random jitter inside the
 * slot, so faults land at random moments but none bunch up at one end. Link fault kinds and the two kinds of
 * server kill take turns so each kind occurs about equally often.
 */
export function planFaults(quotas: FaultQuotas, durationMs: number, random: Random): PlannedFault[] {
  const plan: PlannedFault[] = [];
  const spread = (count: number, kindAt: (index: number) => FaultKind) => {
    // Leave the first and last 5% quiet: setup noise at the start, and a fault at the very end tests nothing new.
    const start = durationMs * 0.05;
    const slot = (durationMs * 0.9) / Math.max(count, 1);
    for (let i = 0; i < count; i++) plan.push({ at: Math.round(start + slot * (i + random.next())), kind: kindAt(i) });
  };
  spread(quotas.disconnects, (i) => linkFaultKinds[i % linkFaultKinds.length]!);
  spread(quotas.serverKills, (i) => (i % 2 === 0 ? 'serverKillBeforeAck' : 'serverKill'));
  spread(quotas.clientKills, () => 'clientKill');
  spread(quotas.degradedPeriods, (i) => (i % 2 === 0 ? 'slicedPeriod' : 'latencyPeriod'));
  return plan.sort((a, b) => a.at - b.at);
}
