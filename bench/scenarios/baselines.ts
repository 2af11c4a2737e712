import type { Context, Scenario } from '../lib/context';
import { measured, notMeasured, type Baseline, type Row } from '../lib/row';
import { wsBroadcast } from '../baselines/ws-broadcast';
import { wsRoundTrip } from '../baselines/ws-rtt';
import { sqliteInsert, sqlitePage } from '../baselines/sqlite';
import { whyNot } from '../fixtures/modules';
import { fsyncCost } from '../baselines/fsync';

/** The raw limits themselves, as rows, so the table shows what every ratio is relative to. */
async function baselineRow(key: string, build: () => Promise<Baseline>, notes: (b: Baseline) => string[] = () => []): Promise<Row> {
  try {
    const b = await build();
    return measured({ key, figure: `baseline: ${b.what}`, unit: b.unit, median: b.median, p99: b.p99, baseline: null, target: '—', met: null, notes: notes(b) });
  } catch (error) {
    return notMeasured(key, `baseline: ${key}`, '', '—', whyNot(error));
  }
}

export const baselines: Scenario = {
  name: 'baselines',
  async run(ctx: Context): Promise<Row[]> {
    return [
      await baselineRow('baseline.fsync', () => fsyncCost(ctx), () => ['the cost of one durable commit on this disk']),
      await baselineRow('baseline.ws-rtt', () => wsRoundTrip(ctx), () => ['1,000 msg/s, second process']),
      await baselineRow('baseline.ws-broadcast', () => wsBroadcast(ctx), () => ['100 sockets in a second process']),
      await baselineRow('baseline.sqlite-insert', () => sqliteInsert(ctx), (b) => [
        `${Math.round((b as Baseline & { rowsPerSec: number }).rowsPerSec).toLocaleString('en-US')} rows/s, 500-row transactions`,
      ]),
      await baselineRow('baseline.sqlite-page', () => sqlitePage(ctx), () => [ctx.quick ? 'quick: 20,000-message conversation' : '100,000-message conversation, 1M rows']),
    ];
  },
};
