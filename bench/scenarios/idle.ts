import { Child } from '../lib/child';
import type { Context, Scenario } from '../lib/context';
import { measured, notMeasured, type Row } from '../lib/row';
import { WireClient } from '../lib/wire';
import { idlePingMs, measureIdle, wsIdle } from '../baselines/ws-idle';
import { whyNot } from '../fixtures/modules';
import { benchLimits } from './fanout';

const KEY = 'server.idle-connections';
const TARGET = '10,000 held, ≤ 20 KiB each';

/**
 * Idle connections: the server process's RSS (after GC) before and after N authenticated sockets, opened
 * from a second process and left idle through at least two heartbeat rounds (ping every 5 s here, 1 s in quick mode,
 * not 30 s, so heartbeats really run during the measurement). Baseline: the same with a raw ws
 * server using the ws README heartbeat.
 */
export const idle: Scenario = {
  name: 'idle',
  async run(ctx: Context): Promise<Row[]> {
    const n = ctx.quick ? 1_000 : 10_000;
    const figure = `idle connections with heartbeat (${n.toLocaleString('en-US')}), server RSS each`;
    const baseline = await wsIdle(ctx, n).catch(() => null);
    let host: Child | null = null;
    try {
      host = await Child.start('host');
      const { url } = await host.call<{ url: string }>('parley', { limits: { ...benchLimits, pingIntervalMs: idlePingMs(ctx.quick) }, fastHashing: true }, 30_000);
      const owner = await WireClient.connect(url);
      const { token } = await owner.register('idleowner', 'bench password 1');
      owner.terminate();
      const result = await measureIdle(host, url, n, idlePingMs(ctx.quick) * 2.2, { cmd: 'parleyIdle', params: { token } });
      const kib = result.rssPerConn / 1024;
      const notes = [
        `heap ${(result.heapPerConn / 1024).toFixed(1)} KiB each`,
        `${result.survived.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} still open after heartbeats`,
        'one user, N devices (resume)',
      ];
      if (baseline) notes.push(`raw heap ${(baseline.detail.heapPerConn / 1024).toFixed(1)} KiB each`);
      if (ctx.quick) notes.push('quick: 1,000 connections');
      return [
        measured({
          key: KEY,
          figure,
          unit: 'KiB/conn',
          median: kib,
          baseline,
          target: TARGET,
          met: n >= 10_000 && result.survived === n && kib <= 20 ? true : n >= 10_000 ? false : kib <= 20 && result.survived === n ? null : false,
          notes,
        }),
      ];
    } catch (error) {
      return [notMeasured(KEY, figure, 'KiB/conn', TARGET, whyNot(error), baseline)];
    } finally {
      await host?.stop();
    }
  },
};
