import type { Cluster } from './cluster';
import type { Random } from './random';
import type { FaultKind, PlannedFault } from './schedule';

export type FaultCounts = Record<FaultKind, number> & {
  /** Server kills during which at least one post reached the server while its acknowledgement was held back. */
  serverKillsWithAcksInFlight: number;
  /** Planned faults that found nothing to hit (no open link at that moment). */
  skipped: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies planned faults to a running cluster. Each family runs in its own lane so a server restart does not
 * delay the network faults or the engine kills planned meanwhile.
 */
export class FaultInjector {
  readonly counts: FaultCounts = {
    cut: 0,
    cutMidFrame: 0,
    reset: 0,
    stall: 0,
    halfOpen: 0,
    serverKill: 0,
    serverKillBeforeAck: 0,
    clientKill: 0,
    slicedPeriod: 0,
    latencyPeriod: 0,
    serverKillsWithAcksInFlight: 0,
    skipped: 0,
  };
  private stopped = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly random: Random,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs the whole plan, relative to `startedAt`; resolves when every fault (and its restart) is done. */
  async run(plan: PlannedFault[], startedAt: number): Promise<void> {
    const lanes = new Map<string, PlannedFault[]>();
    for (const fault of plan) {
      const lane = laneOf(fault.kind);
      lanes.set(lane, [...(lanes.get(lane) ?? []), fault]);
    }
    await Promise.all(
      [...lanes.values()].map(async (faults) => {
        for (const fault of faults) {
          if (this.stopped) return;
          const wait = startedAt + fault.at - Date.now();
          if (wait > 0) await sleep(wait);
          await this.apply(fault.kind);
        }
      }),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  private openLinks() {
    return openLinksOf(this.cluster);
  }

  private async apply(kind: FaultKind): Promise<void> {
    const { cluster, random } = this;
    switch (kind) {
      case 'cut':
      case 'cutMidFrame':
      case 'reset':
      case 'stall':
      case 'halfOpen': {
        const links = await this.openLinks();
        if (links.length === 0) {
          this.counts.skipped++;
          return;
        }
        const link = random.pick(links);
        if (kind === 'cut') link.cut();
        else if (kind === 'cutMidFrame') link.cutMidFrame(random.chance(0.5) ? 'toClient' : 'toServer');
        else if (kind === 'reset') link.reset();
        // Stalls both shorter and longer than the engine's watchdog: some recover in place, some force a reconnect.
        else if (kind === 'stall') link.stall(random.int(300, 5_000));
        else link.blackhole();
        break;
      }
      case 'serverKill':
        await sleep(random.int(0, 500));
        await cluster.killServer();
        this.log('server killed');
        await sleep(random.int(100, 1_500));
        await cluster.restartServer();
        break;
      case 'serverKillBeforeAck': {
        // Hold every answer from the server while the posts still flow in: the server stores them and its
        // acknowledgements never leave, so the kill lands between storing and acknowledging.
        const links = await this.openLinks();
        const before = links.map((link) => link.toServer.bytes);
        for (const link of links) link.toClient.hold();
        await sleep(random.int(150, 600));
        const grew = links.some((link, i) => link.toServer.bytes > before[i]!);
        await cluster.killServer();
        if (grew) this.counts.serverKillsWithAcksInFlight++;
        this.log(`server killed with acknowledgements held${grew ? ' (posts in flight)' : ''}`);
        await sleep(random.int(100, 1_000));
        await cluster.restartServer();
        break;
      }
      case 'clientKill': {
        const alive = cluster.aliveUsers();
        if (alive.length === 0) {
          this.counts.skipped++;
          return;
        }
        const user = random.pick(alive);
        await cluster.killEngine(user);
        this.log(`engine ${user.name} killed`);
        await sleep(random.int(100, 1_500));
        await cluster.restartEngine(user);
        break;
      }
      case 'slicedPeriod':
        cluster.proxy.setFaults({ sliceBytes: 1 });
        await sleep(random.int(1_500, 4_000));
        cluster.proxy.setFaults({ sliceBytes: 0 });
        break;
      case 'latencyPeriod':
        cluster.proxy.setFaults({ latencyMs: random.int(50, 400), jitterMs: random.int(0, 200) });
        await sleep(random.int(1_500, 5_000));
        cluster.proxy.setFaults({ latencyMs: 0, jitterMs: 0 });
        break;
    }
    this.counts[kind]++;
  }
}

/** Open links, waiting up to 15 s for one: right after a server kill every engine is still reconnecting. */
async function openLinksOf(cluster: Cluster) {
  for (let tries = 0; tries < 75; tries++) {
    const links = cluster.proxy.links().filter((link) => !link.toServer.isBlackholed);
    if (links.length > 0) return links;
    await sleep(200);
  }
  return [];
}

function laneOf(kind: FaultKind): string {
  if (kind === 'serverKill' || kind === 'serverKillBeforeAck') return 'server';
  if (kind === 'clientKill') return 'client';
  if (kind === 'slicedPeriod' || kind === 'latencyPeriod') return 'degraded';
  return 'link';
}
