import { WebSocket } from 'ws';
import { Child } from '../lib/child';
import { withTimeout } from '../lib/cleanup';
import type { Context } from '../lib/context';
import { nowNs, nsToMs, pace } from '../lib/pace';
import type { Baseline } from '../lib/row';
import { summarize } from '../lib/stats';
import { postCall } from '../fixtures/frames';

export const LATENCY_RATE = 1000;

/**
 * Raw `ws` round trip on loopback: this process sends a post-sized call frame to an echo server in another
 * process and times the echo, paced at the same 1,000 msg/s as the message-latency figure.
 */
export function wsRoundTrip(ctx: Context): Promise<Baseline> {
  return ctx.memo('baseline.ws-rtt', async () => {
    const count = ctx.quick ? 1_000 : 5_000;
    const host = await Child.start('host');
    try {
      const { url } = await host.call<{ url: string }>('rawEcho', {}, 10_000);
      const socket = new WebSocket(url, { perMessageDeflate: false });
      await withTimeout('raw ws open', 5_000, new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)));
      const sentAt: bigint[] = new Array<bigint>(count);
      const rtts: number[] = [];
      const done = new Promise<void>((resolve) => {
        socket.on('message', (data: Buffer) => {
          const at = nowNs();
          const frame = JSON.parse(data.toString()) as { id: number };
          rtts.push(nsToMs(at - sentAt[frame.id]!));
          if (rtts.length === count) resolve();
        });
      });
      const frames = Array.from({ length: count }, (_, i) => JSON.stringify(postCall(i)));
      await pace(count, LATENCY_RATE, 60_000, (i) => {
        sentAt[i] = nowNs();
        socket.send(frames[i]!);
      });
      await withTimeout('raw ws echoes', 10_000, done);
      socket.close();
      const summary = summarize(rtts.slice(Math.floor(count / 10))); // the first 10 % warm the JIT and the sockets
      return { what: 'raw ws round trip', median: summary.median, p99: summary.p99, unit: 'ms' };
    } finally {
      await host.stop();
    }
  });
}
