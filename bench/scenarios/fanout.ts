import { Child } from '../lib/child';
import type { Context, Scenario } from '../lib/context';
import { measured, notMeasured, type Row } from '../lib/row';
import { median } from '../lib/stats';
import { WireClient } from '../lib/wire';
import { GROUP_SIZE, wsBroadcast } from '../baselines/ws-broadcast';
import { sampleText } from '../fixtures/frames';
import { whyNot } from '../fixtures/modules';

const KEY = 'server.fanout';
const FIGURE = `server fan-out, one group of ${GROUP_SIZE} members`;
const TARGET = '≥ 95 % of raw broadcast';
/** The bench sends far faster than a person: the per-user rate limit (50/s by default) is lifted for it. */
export const benchLimits = { rateBurst: 1_000_000, ratePerSecond: 1_000_000, rateMaxRejected: 1_000_000, maxConnectionsPerIp: 20_000, maxConnections: 20_000 };

/**
 * Parley fan-out: the server (its own process) persists and relays messages posted by one sender (this
 * process, pipelined, 64 in flight) to the 100 member sockets living in the load process, which count
 * events. Compared with the raw broadcast of one pre-encoded frame to 100 sockets.
 */
export const fanout: Scenario = {
  name: 'fanout',
  async run(ctx: Context): Promise<Row[]> {
    const baseline = await wsBroadcast(ctx).catch(() => null);
    const messages = ctx.quick ? 500 : 2_000;
    let host: Child | null = null;
    let clients: Child | null = null;
    let sender: WireClient | null = null;
    try {
      host = await Child.start('host');
      clients = await Child.start('clients');
      const { url } = await host.call<{ url: string }>('parley', { limits: benchLimits, fastHashing: true }, 30_000);
      const { convId, token } = await clients.call<{ convId: string; token: string }>('parleyGroup', { url, members: GROUP_SIZE, prefix: 'fan' }, 120_000);
      sender = await WireClient.connect(url);
      await sender.resume(token);
      const rates: number[] = [];
      let posted = 0;
      for (let run = 0; run < (ctx.quick ? 1 : 3); run++) {
        await clients.call('resetCount', {}, 5_000);
        const total = messages * GROUP_SIZE;
        const started = performance.now();
        const arrived = clients.call('expect', { total, timeoutMs: 120_000 }, 125_000);
        const inFlight = new Set<Promise<unknown>>();
        for (let i = 0; i < messages; i++) {
          const id = `fan${String(++posted).padStart(12, '0')}`;
          const call: Promise<unknown> = sender.call('post', { convId, id, body: { kind: 'message', text: sampleText } }).finally(() => inFlight.delete(call));
          inFlight.add(call);
          if (inFlight.size >= 64) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
        await arrived;
        rates.push(total / ((performance.now() - started) / 1000));
      }
      const rate = median(rates);
      return [
        measured({
          key: KEY,
          figure: FIGURE,
          unit: 'deliveries/s',
          median: rate,
          baseline,
          target: TARGET,
          met: baseline ? rate >= 0.95 * baseline.median : null,
          notes: [`${messages.toLocaleString('en-US')} messages × ${GROUP_SIZE} members, median of ${ctx.quick ? 1 : 3}; rate limit lifted for the bench`],
        }),
      ];
    } catch (error) {
      return [notMeasured(KEY, FIGURE, 'deliveries/s', TARGET, whyNot(error), baseline)];
    } finally {
      sender?.terminate();
      await clients?.stop();
      await host?.stop();
    }
  },
};
