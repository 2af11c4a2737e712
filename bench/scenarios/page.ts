import type { MessagePage } from '../../shared/domain';
import type { Context, Scenario } from '../lib/context';
import { unwrap } from '../lib/engine';
import { measured, notMeasured, type Row } from '../lib/row';
import { summarize } from '../lib/stats';
import { sqlitePage } from '../baselines/sqlite';
import { BIG_CONV } from '../fixtures/corpus';
import { corpusOf } from '../fixtures/databases';
import { whyNot } from '../fixtures/modules';
import { profileEngine } from '../fixtures/profile-engine';

const KEY = 'engine.page-of-50';
const TARGET = 'p99 ≤ 0.5 ms';

/**
 * Scrolling back through the whole big conversation, 50 at a time, through the engine API exactly as the
 * renderer calls it (`dispatchCommand`: input validation, store query, row mapping). Pass one warms the
 * caches, pass two is measured, like the raw baseline.
 */
export const page: Scenario = {
  name: 'page',
  async run(ctx: Context): Promise<Row[]> {
    const spec = corpusOf(ctx);
    const figure = `page of 50 through the engine API, ${(spec.messages / 1e6).toLocaleString('en-US')}M-message DB`;
    const baseline = await sqlitePage(ctx).catch(() => null);
    try {
      const { engine, messenger, origin } = await profileEngine(ctx);
      const call = async (anchor: unknown): Promise<MessagePage> =>
        unwrap<MessagePage>(await engine.dispatchCommand(messenger, 'pageMessages', { convId: BIG_CONV, anchor, limit: 50 }));
      const times: number[] = [];
      let pages = 0;
      for (let pass = 0; pass < 2; pass++) {
        let current = await call({ kind: 'latest' });
        for (let i = 0; i < 4_000 && current.hasOlder && current.messages.length > 0; i++) {
          const started = performance.now();
          current = await call({ kind: 'before', sortKey: current.messages[0]!.sortKey });
          if (pass === 1) times.push(performance.now() - started);
        }
        if (pass === 1) pages = times.length;
      }
      const summary = summarize(times);
      return [
        measured({
          key: KEY,
          figure,
          unit: 'ms',
          median: summary.median,
          p99: summary.p99,
          baseline,
          ratioOf: 'p99',
          target: TARGET,
          met: spec.messages >= 1_000_000 ? summary.p99 <= 0.5 : null,
          notes: [`${pages.toLocaleString('en-US')} pages back through ${spec.bigConversation.toLocaleString('en-US')} messages`, origin, ...(ctx.quick ? ['quick: smaller DB, no verdict'] : [])],
        }),
      ];
    } catch (error) {
      return [notMeasured(KEY, figure, 'ms', TARGET, whyNot(error), baseline)];
    }
  },
};
