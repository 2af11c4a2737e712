import { Child } from '../lib/child';
import type { Context } from '../lib/context';
import type { Baseline } from '../lib/row';
import { median } from '../lib/stats';
import { eventsFrame } from '../fixtures/frames';

export const GROUP_SIZE = 100;

/**
 * Raw fan-out: one pre-encoded frame (a one-event `events` frame) written to 100 plain sockets, many times;
 * the sockets live in a second process that counts what arrives. Deliveries per second, median of 3 runs (1 in quick mode).
 */
export function wsBroadcast(ctx: Context): Promise<Baseline> {
  return ctx.memo('baseline.ws-broadcast', async () => {
    const frames = ctx.quick ? 1_000 : 4_000;
    const host = await Child.start('host');
    const clients = await Child.start('clients');
    try {
      const { url } = await host.call<{ url: string }>('rawEcho', {}, 10_000);
      await clients.call('openCounting', { url, n: GROUP_SIZE }, 30_000);
      const payload = JSON.stringify(eventsFrame(1, 1));
      const rates: number[] = [];
      for (let run = 0; run < (ctx.quick ? 1 : 3); run++) {
        await clients.call('resetCount', {}, 5_000);
        const total = frames * GROUP_SIZE;
        const started = performance.now();
        const arrived = clients.call('expect', { total, timeoutMs: 60_000 }, 65_000);
        await host.call('broadcast', { payload, frames }, 60_000);
        await arrived;
        rates.push(total / ((performance.now() - started) / 1000));
      }
      return { what: 'raw ws broadcast, 1 event/frame', median: median(rates), p99: null, unit: 'deliveries/s' };
    } finally {
      await clients.stop();
      await host.stop();
    }
  });
}
