import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKGROUND_NICE } from './background-threads';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe.runIf(process.platform === 'linux')('BackgroundThreads (relay)', () => {
  it("leaves the event loop's thread alone and lowers every other thread, including ones started later", () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-relay-threads-'));
    const file = join(dir, 'child.mts');
    const module = fileURLToPath(new URL('./background-threads.ts', import.meta.url));
    writeFileSync(
      file,
      `
      import { readdirSync, readFileSync } from 'node:fs';
      import { Worker } from 'node:worker_threads';
      import { BackgroundThreads } from ${JSON.stringify(module)};
      // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value; the command name before it may hold spaces.
      const nice = () => Object.fromEntries(readdirSync('/proc/self/task').map((id) => [id, Number(readFileSync('/proc/self/task/' + id + '/stat', 'utf8').split(') ').pop().split(' ')[16])]));
      const before = nice();
      const threads = new BackgroundThreads({ warn: () => undefined }, { rescanMs: 50 });
      // A thread started after the first look, as the checkpoint thread is.
      const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
      await new Promise((resolve) => worker.once('online', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const later = nice();
      threads.dispose();
      await worker.terminate();
      console.log(JSON.stringify({ main: String(process.pid), before, later }));
    `,
    );
    const result = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 20_000 })) as {
      main: string;
      before: Record<string, number>;
      later: Record<string, number>;
    };
    const base = result.before[result.main]!;
    const laterThreads = Object.keys(result.later).filter((id) => !(id in result.before));
    expect(laterThreads.length).toBeGreaterThanOrEqual(1);
    expect(result.later[result.main]).toBe(base);
    const others = Object.entries(result.later).filter(([id]) => id !== result.main);
    expect(others.every(([, nice]) => nice === BACKGROUND_NICE)).toBe(true);
  });
});
