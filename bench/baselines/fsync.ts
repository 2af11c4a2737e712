import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../lib/cleanup';
import type { Context } from '../lib/context';
import type { Baseline } from '../lib/row';
import { summarize } from '../lib/stats';

/**
 * One 4 KiB write + fdatasync in the temp dir (where every bench database lives): the floor under each
 * durable commit (`synchronous=FULL` syncs the WAL on every transaction). Explains most storage figures.
 */
export function fsyncCost(ctx: Context): Promise<Baseline> {
  return ctx.memo('baseline.fsync', async () => {
    const dir = tempDir('fsync');
    const fd = openSync(join(dir.path, 'probe'), 'w');
    const block = Buffer.alloc(4096, 1);
    const times: number[] = [];
    try {
      for (let i = 0; i < (ctx.quick ? 20 : 100); i++) {
        const started = performance.now();
        writeSync(fd, block, 0, block.length, i * block.length);
        fdatasyncSync(fd);
        times.push(performance.now() - started);
      }
    } finally {
      closeSync(fd);
      await dir.release();
    }
    const summary = summarize(times);
    return { what: '4 KiB write + fdatasync', median: summary.median, p99: summary.p99, unit: 'ms' };
  });
}
