import type { ConversationSummary } from '../../shared/domain';
import { checkDelivery, type CheckResult } from './checker';
import { Cluster } from './cluster';
import type { ChaosConfig } from './config';
import { FaultInjector, type FaultCounts } from './faults';
import { gatherFinalState } from './final-state';
import { readJournal } from './journal';
import { Random } from './random';
import { planFaults } from './schedule';
import { sendOnSchedule, type Conversations, type SendFigures } from './sender';

export interface ScenarioFigures {
  seed: number;
  users: number;
  sends: SendFigures;
  faults: FaultCounts;
  proxy: { connections: number };
  /** From the end of the faults until every store agreed and every outbox was empty. */
  convergeMs: number;
  sendingMs: number;
  integrityChecks: number;
  integrityProblems: string[];
  check: Omit<CheckResult, 'lost' | 'duplicated' | 'outOfOrder' | 'phantom' | 'unacknowledged'> & {
    lost: number;
    duplicated: number;
    outOfOrder: number;
    phantom: number;
    unacknowledged: number;
    /** The first few findings of each kind, for the report. */
    examples: string[];
  };
  ok: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fault scenario: users in a direct chat and a group send on a schedule through real engines in child
 * processes while the network, the server and the engines fail; then everything heals and the stores are judged.
 */
export async function runScenario(config: ChaosConfig, log: (line: string) => void, options: { baseDir?: string; keepFiles?: boolean } = {}): Promise<ScenarioFigures> {
  const random = new Random(config.seed);
  const cluster = await Cluster.start(config.users, options.baseDir);
  let keep = options.keepFiles ?? false;
  try {
    log(`cluster up in ${cluster.root}: server on ${cluster.server.port}, proxy on ${cluster.proxy.port}, ${config.users} engines`);
    const conversations = await createConversations(cluster);

    const sendingMs = Math.ceil((config.messages / config.ratePerSecond) * 1000);
    const plan = planFaults(config, sendingMs, random);
    const injector = new FaultInjector(cluster, random, config.verbose ? log : () => undefined);
    const started = Date.now();
    const progress = setInterval(() => log(`… ${Math.round((Date.now() - started) / 1000)} s, faults ${JSON.stringify(injector.counts)}`), 10_000);
    let sends: SendFigures;
    try {
      const faults = injector.run(plan, started);
      sends = await sendOnSchedule(cluster, conversations, {
        total: config.messages,
        ratePerSecond: config.ratePerSecond,
        random,
        deadlineMs: sendingMs * 4 + 60_000,
      });
      await faults;
    } finally {
      injector.stop();
      clearInterval(progress);
    }
    const faultsDone = Date.now();
    log(`sent ${sends.attempted} in ${faultsDone - started} ms; faults ${JSON.stringify(injector.counts)}`);

    // Heal: no more faults, server and every engine up.
    cluster.proxy.clearFaults();
    for (const link of cluster.proxy.links()) link.resume();
    await cluster.restartServer();
    for (const user of cluster.users) await cluster.restartEngine(user);
    const convergeMs = await waitForConvergence(cluster, conversations, config.convergeTimeoutMs, faultsDone, config.verbose ? log : () => undefined);
    log(`converged ${convergeMs} ms after the last fault`);

    await cluster.stopAll();
    for (const user of cluster.users) cluster.checkIntegrity(user.profileDir);
    cluster.checkIntegrity(cluster.server.dataDir);
    const result = checkDelivery(gatherFinalState(cluster, conversations));
    const figures = summarize(config, sends, injector.counts, cluster, result, convergeMs, faultsDone - started);
    if (!figures.ok) keep = true;
    return figures;
  } catch (error) {
    keep = true;
    throw error;
  } finally {
    if (keep) log(`files kept for inspection in ${cluster.root}`);
    await cluster.dispose(keep);
  }
}

/** The first user opens a direct chat with the second and a group with everyone; every engine must see both. */
async function createConversations(cluster: Cluster): Promise<Conversations> {
  const [first, second] = cluster.users;
  const direct = await first!.engine.invoke<ConversationSummary>('createDirect', { userId: second!.userId });
  const group = await first!.engine.invoke<ConversationSummary>('createGroup', {
    title: 'chaos <group> & friends',
    memberIds: cluster.users.slice(1).map((user) => user.userId),
  });
  const conversations: Conversations = {
    direct: { id: direct.id, memberIds: [first!.userId, second!.userId] },
    group: { id: group.id, memberIds: cluster.users.map((user) => user.userId) },
  };
  const deadline = Date.now() + 30_000;
  for (const user of cluster.users) {
    const wanted = [group.id, ...(conversations.direct.memberIds.includes(user.userId) ? [direct.id] : [])];
    for (;;) {
      const list = await user.engine.invoke<ConversationSummary[]>('listConversations', {});
      if (wanted.every((id) => list.some((conv) => conv.id === id))) break;
      if (Date.now() > deadline) throw new Error(`${user.name} never saw the conversations`);
      await sleep(100);
    }
  }
  return conversations;
}

/**
 * Waits until every engine is online with an empty outbox and, per conversation, every member holds the same
 * number of acknowledged messages, at least as many as the senders' journals report, twice in a row.
 */
async function waitForConvergence(
  cluster: Cluster,
  conversations: Conversations,
  timeoutMs: number,
  since: number,
  log: (line: string) => void,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  let lastLog = Date.now();
  for (;;) {
    const journaled = new Map<string, number>();
    for (const user of cluster.users) {
      for (const record of readJournal(user.journalPath, user.userId)) {
        if (record.id !== null) journaled.set(record.convId, (journaled.get(record.convId) ?? 0) + 1);
      }
    }
    const statuses = await Promise.all(cluster.users.map((user) => user.engine.status().catch(() => null)));
    const settled = statuses.every((status) => status !== null && status.connection === 'online' && status.outbox === 0);
    const agreed = [conversations.direct, conversations.group].every((conv) => {
      const counts = cluster.users
        .map((user, i) => (conv.memberIds.includes(user.userId) ? (statuses[i]?.counts[conv.id] ?? -1) : null))
        .filter((count): count is number => count !== null);
      return counts.every((count) => count === counts[0] && count >= (journaled.get(conv.id) ?? 0));
    });
    const snapshot = JSON.stringify(statuses);
    if (Date.now() - lastLog > 5_000) {
      lastLog = Date.now();
      log(`converging: ${statuses.map((status, i) => `${cluster.users[i]!.name} ${status ? `${status.connection} outbox ${status.outbox} ${JSON.stringify(Object.values(status.counts))}` : 'no status'}`).join(' | ')}`);
    }
    if (settled && agreed && snapshot === previous) return Date.now() - since;
    previous = settled && agreed ? snapshot : '';
    if (Date.now() > deadline) {
      throw new Error(`no convergence within ${timeoutMs} ms: ${JSON.stringify(statuses.map((s, i) => ({ user: cluster.users[i]!.name, ...s })))}`);
    }
    await sleep(500);
  }
}

function summarize(
  config: ChaosConfig,
  sends: SendFigures,
  faults: FaultCounts,
  cluster: Cluster,
  result: CheckResult,
  convergeMs: number,
  sendingMs: number,
): ScenarioFigures {
  const examples = [
    ...result.lost.slice(0, 5).map((f) => `lost: ${f.userId} ${f.convId} ${f.message} ${f.detail}`),
    ...result.duplicated.slice(0, 5).map((f) => `duplicated: ${f.userId} ${f.convId} ${f.message} ${f.detail}`),
    ...result.outOfOrder.slice(0, 5).map((f) => `out of order: ${f.userId} ${f.convId} ${f.message} ${f.detail}`),
    ...result.phantom.slice(0, 5).map((f) => `phantom: ${f.userId} ${f.convId} ${f.message} ${f.detail}`),
    ...result.unacknowledged.slice(0, 5).map((f) => `pending: ${f.userId} ${f.convId} ${f.message} ${f.detail}`),
  ];
  const ok = result.ok && cluster.integrityProblems.length === 0 && sends.errors.length === 0;
  return {
    seed: config.seed,
    users: config.users,
    sends,
    faults,
    proxy: { connections: cluster.proxy.counts.connections },
    convergeMs,
    sendingMs,
    integrityChecks: cluster.integrityChecks,
    integrityProblems: cluster.integrityProblems,
    check: {
      ...result,
      lost: result.lost.length,
      duplicated: result.duplicated.length,
      outOfOrder: result.outOfOrder.length,
      phantom: result.phantom.length,
      unacknowledged: result.unacknowledged.length,
      examples,
    },
    ok,
  };
}
