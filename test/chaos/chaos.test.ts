import { describe, expect, it } from 'vitest';
import { ChaosConfig, reducedConfig } from './config';
import { runScenario } from './scenario';

/**
 * The reduced chaos run inside `npm test`: the same scenario as `npm run chaos` with smaller numbers, still
 * injecting every kind of fault. Replay a failure with PARLEY_CHAOS_SEED=<seed>.
 */
describe('chaos (reduced): nothing lost, nothing twice, under faults', () => {
  it('every member ends with exactly the messages sent, in one order, with empty outboxes and intact databases', async () => {
    const config = ChaosConfig.parse({ ...reducedConfig, ...(process.env.PARLEY_CHAOS_SEED ? { seed: process.env.PARLEY_CHAOS_SEED } : {}) });
    const lines: string[] = [];
    const figures = await runScenario(config, (line) => lines.push(line));
    const context = `seed ${config.seed}\n${lines.join('\n')}\n${figures.check.examples.join('\n')}\n${figures.integrityProblems.join('\n')}`;

    expect(figures.check.lost, context).toBe(0);
    expect(figures.check.duplicated, context).toBe(0);
    expect(figures.check.outOfOrder, context).toBe(0);
    expect(figures.check.phantom, context).toBe(0);
    expect(figures.check.unacknowledged, context).toBe(0);
    expect(figures.check.outboxNotEmpty, context).toEqual([]);
    expect(figures.integrityProblems, context).toEqual([]);
    expect(figures.sends.errors, context).toEqual([]);
    expect(figures.ok).toBe(true);

    // Every kind of fault really happened.
    const f = figures.faults;
    expect(figures.sends.attempted).toBe(config.messages);
    expect(f.cut + f.cutMidFrame + f.reset + f.stall + f.halfOpen).toBe(config.disconnects);
    for (const kind of ['cut', 'cutMidFrame', 'reset', 'stall', 'halfOpen'] as const) expect(f[kind], kind).toBeGreaterThanOrEqual(2);
    expect(f.serverKill).toBeGreaterThanOrEqual(2);
    expect(f.serverKillBeforeAck).toBeGreaterThanOrEqual(2);
    expect(f.clientKill).toBe(config.clientKills);
    expect(f.slicedPeriod).toBeGreaterThanOrEqual(2);
    expect(f.latencyPeriod).toBeGreaterThanOrEqual(2);
    expect(figures.integrityChecks).toBeGreaterThanOrEqual(config.serverKills + config.clientKills);
  }, 240_000);
});
