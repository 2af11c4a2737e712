import type { Event } from '../../shared/protocol';
import { tempDir } from '../lib/cleanup';
import type { Context, Scenario } from '../lib/context';
import { measured, notMeasured, type Baseline, type Row } from '../lib/row';
import { summarize } from '../lib/stats';
import { SYNC_PAGE, sqliteInsert } from '../baselines/sqlite';
import { ME, eventBatches, quickCorpus } from '../fixtures/corpus';
import { whyNot } from '../fixtures/modules';
import { loadOpenStore, PROFILE_SERVER } from '../fixtures/profile-db';

const KEY = 'store.apply-sync-page';
const FIGURE = 'apply one 500-event sync page through the store';

/**
 * `Store.applyEvents` on 500 new messages at a time (one transaction: rows, aggregates, cursor) plus indexing them
 * for search (`indexPending`, a second transaction, which the engine runs in a quiet moment), into a store that
 * grows to 20,000 messages. Baseline: the raw batched insert, per 500 rows.
 */
export const apply: Scenario = {
  name: 'apply',
  async run(ctx: Context): Promise<Row[]> {
    const raw = await sqliteInsert(ctx).catch(() => null);
    const baseline: Baseline | null = raw ? { what: 'raw insert, per 500 rows', median: (raw.median * SYNC_PAGE) / 10_000, p99: null, unit: 'ms' } : null;
    try {
      const openStore = await loadOpenStore();
      const dir = tempDir('apply');
      const store = openStore(dir.path);
      try {
        store.setAccount({ server: PROFILE_SERVER, userId: ME.id, username: ME.username });
        const pages = ctx.quick ? 20 : 40;
        const batches = [...eventBatches({ ...quickCorpus, messages: pages * SYNC_PAGE, bigConversation: 2_000 }, SYNC_PAGE)];
        // The first batch holds the 200 `created` events plus messages: applied untimed, so every timed page is 500 messages.
        const timed: Event[][] = [];
        const all = batches.flat();
        const setup = all.splice(0, 200);
        store.applyEvents(setup, setup[setup.length - 1]!.seq);
        store.indexPending(setup.length);
        while (all.length >= SYNC_PAGE) timed.push(all.splice(0, SYNC_PAGE));
        const times: number[] = [];
        for (const events of timed) {
          const started = performance.now();
          store.applyEvents(events, events[events.length - 1]!.seq);
          while (store.indexPending(SYNC_PAGE));
          times.push(performance.now() - started);
        }
        const summary = summarize(times);
        return [
          measured({
            key: KEY,
            figure: FIGURE,
            unit: 'ms',
            median: summary.median,
            p99: summary.p99,
            baseline,
            target: 'informative',
            met: null,
            notes: [`${times.length} pages; ${Math.round((SYNC_PAGE / summary.median) * 1000).toLocaleString('en-US')} events/s at the median`],
          }),
        ];
      } finally {
        store.close();
        await dir.release();
      }
    } catch (error) {
      return [notMeasured(KEY, FIGURE, 'ms', 'informative', whyNot(error), baseline)];
    }
  },
};
