import { Child } from '../lib/child';
import { sleep } from '../lib/cleanup';
import type { Context } from '../lib/context';
import type { Baseline } from '../lib/row';

/** Heartbeat interval for both idle servers: short enough that two rounds run during the measurement. */
export const idlePingMs = (quick: boolean): number => (quick ? 1_000 : 5_000);

export interface IdleMemory {
  connections: number;
  rssPerConn: number;
  heapPerConn: number;
  /** Sockets still open at the end (heartbeats answered). */
  survived: number;
}

/** Server memory per idle connection: measured after GC before and after `n` sockets opened from another process. */
export async function measureIdle(
  host: Child,
  url: string,
  n: number,
  settleMs: number,
  opener: { cmd: string; params: Record<string, unknown> } = { cmd: 'openIdle', params: {} },
): Promise<IdleMemory> {
  const clients = await Child.start('clients');
  try {
    const before = await host.call<{ rss: number; heapUsed: number }>('memory', {}, 10_000);
    await clients.call(opener.cmd, { url, n, ...opener.params }, 180_000);
    await sleep(settleMs); // at least one heartbeat round passes while all sockets are open
    const after = await host.call<{ rss: number; heapUsed: number }>('memory', {}, 10_000);
    const { open } = await clients.call<{ open: number }>('stillOpen', {}, 10_000);
    return { connections: n, rssPerConn: (after.rss - before.rss) / n, heapPerConn: (after.heapUsed - before.heapUsed) / n, survived: open };
  } finally {
    await clients.stop();
  }
}

/** A raw `ws` server with the ws README heartbeat holding the same number of idle sockets. */
export function wsIdle(ctx: Context, n: number): Promise<Baseline & { detail: IdleMemory }> {
  return ctx.memo(`baseline.ws-idle.${n}`, async () => {
    const host = await Child.start('host');
    try {
      const { url } = await host.call<{ url: string }>('rawIdle', { pingMs: idlePingMs(ctx.quick) }, 10_000);
      const detail = await measureIdle(host, url, n, idlePingMs(ctx.quick) * 2.2);
      return { what: 'raw ws + heartbeat, RSS', median: detail.rssPerConn / 1024, p99: null, unit: 'KiB/conn', detail };
    } finally {
      await host.stop();
    }
  });
}
