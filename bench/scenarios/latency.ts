import { Child } from '../lib/child';
import { tempDir, withTimeout } from '../lib/cleanup';
import type { Context, Scenario } from '../lib/context';
import { loadEngine, openEngine } from '../lib/engine';
import { nowNs, nsToMs } from '../lib/pace';
import { measured, notMeasured, type Row } from '../lib/row';
import { summarize } from '../lib/stats';
import { BENCH_PASSWORD } from '../lib/wire';
import { LATENCY_RATE, wsRoundTrip } from '../baselines/ws-rtt';
import { whyNot } from '../fixtures/modules';
import { benchLimits } from './fanout';

const KEY = 'engine.message-latency';
const FIGURE = 'message latency, send call → event on the receiving engine, 1,000 msg/s';
const TARGET = 'p50 ≤ 1 ms, p99 ≤ 5 ms';

/**
 * Three processes, as in real life: the sending engine (bench/procs/engine.ts), the server
 * (bench/procs/host.ts) and the receiving engine (here). Latency = `messagesChanged` on the receiver minus
 * the `sendMessage` call on the sender, on the shared monotonic clock. It includes both engines' durable
 * SQLite writes (synchronous=FULL) and the server's.
 */
export const latency: Scenario = {
  name: 'latency',
  async run(ctx: Context): Promise<Row[]> {
    const baseline = await wsRoundTrip(ctx).catch(() => null);
    const count = ctx.quick ? 300 : 2_000;
    let host: Child | null = null;
    let sender: Child | null = null;
    let dispose: (() => Promise<void>) | null = null;
    try {
      const engine = await loadEngine();
      host = await Child.start('host');
      const { url } = await host.call<{ url: string }>('parley', { limits: benchLimits, fastHashing: true }, 30_000);
      sender = await Child.start('engine');
      const profile = tempDir('receiver').path;
      const receiver = await openEngine(engine, profile);
      dispose = () => receiver.dispose();
      const arrived = new Map<string, bigint>();
      receiver.subscribe((name, payload) => {
        if (name !== 'messagesChanged') return;
        const at = nowNs();
        for (const message of (payload as { messages: { id: string; mine: boolean }[] }).messages) {
          if (!message.mine && !arrived.has(message.id)) arrived.set(message.id, at);
        }
      });
      const me = await receiver.register({ server: url, username: 'latrecv', password: BENCH_PASSWORD, staySignedIn: true });
      await sender.call('open', { server: url, username: 'latsend' }, 30_000);
      const { convId } = await sender.call<{ convId: string }>('createDirect', { userId: me.id }, 10_000);

      const run = async (n: number, tag: string, rate = LATENCY_RATE): Promise<number[]> => {
        const { sent } = await sender!.call<{ sent: [string, string][] }>('sendPaced', { convId, count: n, rate, tag }, (n * 1000) / rate + n * 20 + 20_000);
        await withTimeout('all messages to arrive', 30_000 + n * 50, (async () => {
          while (!sent.every(([id]) => arrived.has(id))) await new Promise((resolve) => setTimeout(resolve, 20));
        })());
        return sent.map(([id, at]) => nsToMs(arrived.get(id)! - BigInt(at)));
      };
      await run(ctx.quick ? 50 : 500, 'warm-up'); // JIT, SQLite caches, socket buffers
      const summary = summarize(await run(count, 'measured'));
      // Diagnostic: the same path at a rate far below any queueing, i.e. the cost of one message end to end.
      const slow = ctx.quick ? null : summarize(await run(200, 'slow', 20));
      return [
        measured({
          key: KEY,
          figure: FIGURE,
          unit: 'ms',
          median: summary.median,
          p99: summary.p99,
          baseline,
          target: TARGET,
          met: summary.median <= 1 && summary.p99 <= 5,
          notes: [`${count.toLocaleString('en-US')} messages, 3 processes (sender engine, server, receiver engine)`],
        }),
        ...(slow
          ? [
              measured({
                key: `${KEY}.20-per-s`,
                figure: 'diagnostic: the same latency at 20 msg/s (no queueing)',
                unit: 'ms',
                median: slow.median,
                p99: slow.p99,
                baseline,
                target: 'informative',
                met: null,
                notes: ['200 messages'],
              }),
            ]
          : []),
      ];
    } catch (error) {
      return [notMeasured(KEY, FIGURE, 'ms', TARGET, whyNot(error), baseline)];
    } finally {
      await dispose?.();
      await sender?.stop();
      await host?.stop();
    }
  },
};
