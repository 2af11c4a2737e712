import type { SearchHit } from '../../shared/domain';
import type { Context, Scenario } from '../lib/context';
import { unwrap } from '../lib/engine';
import { measured, notMeasured, type Row } from '../lib/row';
import { summarize } from '../lib/stats';
import { searchCases, searchRepeats, sqliteSearch } from '../baselines/sqlite';
import { SMALL_CONV, searchTerms } from '../fixtures/corpus';
import { corpusOf } from '../fixtures/databases';
import { whyNot } from '../fixtures/modules';
import { profileEngine } from '../fixtures/profile-engine';

const TARGET = 'p99 ≤ 20 ms';

/** Full-text search through the engine API, first 50 hits, for each word frequency, globally and in the small conversation. */
export const search: Scenario = {
  name: 'search',
  async run(ctx: Context): Promise<Row[]> {
    const spec = corpusOf(ctx);
    const rows: Row[] = [];
    for (const c of searchCases) {
      const key = `engine.search.${c.word}.${c.scope}`;
      const figure = `search "${c.word}" word, ${c.scope === 'global' ? `all ${(spec.messages / 1e6).toLocaleString('en-US')}M messages` : `one ${spec.smallConversation}-message conversation`}, first 50`;
      const baseline = await sqliteSearch(ctx, c).catch(() => null);
      try {
        const { engine, messenger, origin } = await profileEngine(ctx);
        const input = { query: searchTerms[c.word], limit: 50, ...(c.scope === 'small' ? { convId: SMALL_CONV } : {}) };
        const times: number[] = [];
        let hits = 0;
        for (let i = 0; i < searchRepeats(ctx) + 10; i++) {
          const started = performance.now();
          hits = unwrap<SearchHit[]>(await engine.dispatchCommand(messenger, 'searchMessages', input)).length;
          if (i >= 10) times.push(performance.now() - started);
        }
        const summary = summarize(times);
        rows.push(
          measured({
            key,
            figure,
            unit: 'ms',
            median: summary.median,
            p99: summary.p99,
            baseline,
            ratioOf: 'p99',
            target: TARGET,
            met: spec.messages >= 1_000_000 ? summary.p99 <= 20 : null,
            notes: [`${hits} hits`, `${searchRepeats(ctx)} queries`, ...(c === searchCases[0] ? [origin] : []), ...(ctx.quick ? ['quick: smaller DB, no verdict'] : [])],
          }),
        );
      } catch (error) {
        rows.push(notMeasured(key, figure, 'ms', TARGET, whyNot(error), baseline));
      }
    }
    return rows;
  },
};
