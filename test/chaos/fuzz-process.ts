import fs from 'node:fs';
import { ServerProcess } from '../support/server-process';
import { fuzzServer, type FuzzFigures } from '../hostile/fuzz-runner';
import { registerUsers, PASSWORD } from '../hostile/server-fixture';
import { WellBehavedPair, type PairFigures } from '../hostile/well-behaved';
import type { ChaosConfig } from './config';

export interface ServerFuzzFigures extends FuzzFigures {
  pair: PairFigures;
  /** The server process was still running after the last case. */
  serverAlive: boolean;
}

/** Resident set size of a process, from /proc (Linux); 0 where /proc is not available. */
export function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The hostile-input property against the server as its own process (so a crash is a crash and its memory is
 * its own), with a well-behaved pair talking throughout.
 */
export async function runServerFuzz(config: ChaosConfig, log: (line: string) => void): Promise<ServerFuzzFigures> {
  const server = new ServerProcess({ args: ['--no-support-bot'] });
  let pair: WellBehavedPair | null = null;
  try {
    const url = await server.start();
    pair = await WellBehavedPair.create(url, ['pairalice', 'pairbob'], PASSWORD);
    const accounts = (await registerUsers(url, 'fuzzer', 6)).map((user) => ({ username: user.username, password: PASSWORD }));
    log(`fuzzing the server (pid ${server.pid}) with ${config.fuzzCases} cases`);
    pair.start();
    const figures = await fuzzServer({
      url,
      cases: config.fuzzCases,
      seed: config.seed,
      memoryBytes: () => residentBytes(server.pid ?? 0),
      memoryGrowthLimitBytes: 256 * 1024 * 1024,
      accounts,
      pair,
      log,
    });
    const pairFigures = await pair.stop();
    const serverAlive = server.running;
    if (!serverAlive) throw new Error(`the server process died:\n${server.stderr}`);
    return { ...figures, pair: pairFigures, serverAlive };
  } finally {
    pair?.dispose();
    await server.dispose();
  }
}
