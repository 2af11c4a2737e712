import type { Messenger } from '../../main/core/index';
import type { SearchHit } from '../../shared/domain';
import { Child } from '../lib/child';
import { sleep, tempDir, withTimeout } from '../lib/cleanup';
import type { Context, Scenario } from '../lib/context';
import { loadEngine, openEngine, unwrap } from '../lib/engine';
import { measured, notMeasured, type Row } from '../lib/row';
import { median } from '../lib/stats';
import { BENCH_PASSWORD, WireClient } from '../lib/wire';
import { CATCH_UP_MESSAGES, sqliteInsert } from '../baselines/sqlite';
import { sampleText } from '../fixtures/frames';
import { whyNot } from '../fixtures/modules';
import { benchLimits } from './fanout';

const KEY = 'engine.catch-up';
const FIGURE = 'catch-up: 10,000 missed messages synced, committed and searchable';
const TARGET = '≤ 1 s';

/**
 * A user was offline while someone posted 10,000 messages to them. Timed from `Messenger.open` on the
 * existing profile (store open, session restore, connect, resume, paged sync) until the last message is
 * both pushed to the UI (`messagesChanged`) and found by full-text search. The server runs in its own process.
 */
export const catchup: Scenario = {
  name: 'catchup',
  async run(ctx: Context): Promise<Row[]> {
    const raw = await sqliteInsert(ctx).catch(() => null);
    const reps = ctx.quick ? 1 : 3;
    let host: Child | null = null;
    const sockets: WireClient[] = [];
    const open: Messenger[] = [];
    try {
      const engine = await loadEngine();
      host = await Child.start('host');
      const { url } = await host.call<{ url: string }>('parley', { limits: benchLimits, fastHashing: true }, 30_000);
      const author = await WireClient.connect(url);
      sockets.push(author);
      await author.register('catchauthor', BENCH_PASSWORD);
      const times: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        const profile = tempDir(`catchup${rep}`).path;
        let reader = await openEngine(engine, profile);
        open.push(reader);
        const me = await reader.register({ server: url, username: `catchreader${rep}`, password: BENCH_PASSWORD, staySignedIn: true });
        const { conv } = await author.call<{ conv: { id: string } }>('createDirect', { userId: me.id });
        await sleep(200); // let the reader store the new conversation before it goes away
        await reader.dispose();
        open.pop();

        const lastWord = `catchuplast${rep}x`;
        const inFlight = new Set<Promise<unknown>>();
        for (let i = 0; i < CATCH_UP_MESSAGES; i++) {
          const text = i === CATCH_UP_MESSAGES - 1 ? `${sampleText} ${lastWord}` : `${sampleText} ${i}`;
          const call: Promise<unknown> = author.call('post', { convId: conv.id, id: `cu${rep}x${String(i).padStart(8, '0')}`, body: { kind: 'message', text } }).finally(() => inFlight.delete(call));
          inFlight.add(call);
          if (inFlight.size >= 64) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);

        const lastId = `cu${rep}x${String(CATCH_UP_MESSAGES - 1).padStart(8, '0')}`;
        let pushed = false;
        const started = performance.now();
        reader = await openEngine(engine, profile);
        open.push(reader);
        reader.subscribe((name, payload) => {
          if (name === 'messagesChanged' && (payload as { messages: { id: string }[] }).messages.some((m) => m.id === lastId)) pushed = true;
        });
        await withTimeout('catch-up', 60_000, (async () => {
          for (;;) {
            if (pushed) {
              const hits = unwrap<SearchHit[]>(await engine.dispatchCommand(reader, 'searchMessages', { query: lastWord, limit: 50 }));
              if (hits.some((hit) => hit.messageId === lastId)) return;
            }
            await sleep(2);
          }
        })());
        times.push(performance.now() - started);
        await reader.dispose();
        open.pop();
      }
      const ms = median(times);
      return [
        measured({
          key: KEY,
          figure: FIGURE,
          unit: 'ms',
          median: ms,
          baseline: raw,
          target: TARGET,
          met: ms <= 1000,
          notes: [`median of ${reps}: ${times.map((t) => Math.round(t)).join(', ')} ms`, 'from Messenger.open on the existing profile'],
        }),
      ];
    } catch (error) {
      return [notMeasured(KEY, FIGURE, 'ms', TARGET, whyNot(error), raw)];
    } finally {
      for (const messenger of open) await messenger.dispose();
      for (const socket of sockets) socket.terminate();
      await host?.stop();
    }
  },
};
