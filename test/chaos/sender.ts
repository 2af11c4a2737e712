import type { Cluster, User } from './cluster';
import type { Random } from './random';

export interface Conversations {
  direct: { id: string; memberIds: string[] };
  group: { id: string; memberIds: string[] };
}

export interface SendFigures {
  /** Sends handed to an engine. */
  attempted: number;
  /** sendMessage returned the stored message. */
  returned: number;
  /** The engine was killed (or was dead) before sendMessage returned. */
  interrupted: number;
  /** sendMessage answered with an error while the engine was alive (each one is worth a look). */
  errors: { user: string; code: string; message: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Texts that are easy to check and not all plain ASCII: markup stays text, emoji and CJK survive byte slicing. */
const flavours = ['', ' <b>bold?</b>', ' <script>alert(1)</script>', ' 你好 🌍', ' "quotes" & \\backslash\\', ' a\nsecond line'];

/**
 * Sends `total` messages at `ratePerSecond` across the users that are alive at each moment: each text is unique
 * (`<user>#<n>`) so the checker can follow it even when its id is unknown. Users in the direct conversation
 * write there a quarter of the time, everyone writes in the group.
 */
export async function sendOnSchedule(
  cluster: Cluster,
  conversations: Conversations,
  options: { total: number; ratePerSecond: number; random: Random; deadlineMs: number },
): Promise<SendFigures> {
  const figures: SendFigures = { attempted: 0, returned: 0, interrupted: 0, errors: [] };
  const counters = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const sendOne = (user: User) => {
    const n = counters.get(user.name) ?? 0;
    counters.set(user.name, n + 1);
    const inDirect = conversations.direct.memberIds.includes(user.userId);
    const convId = inDirect && options.random.chance(0.25) ? conversations.direct.id : conversations.group.id;
    const text = `${user.name}#${n}${options.random.pick(flavours)}`;
    figures.attempted++;
    const attempt = user.engine
      .send(convId, text)
      .then((outcome) => {
        if (outcome.ok) figures.returned++;
        else if (!user.engine.alive) figures.interrupted++;
        else figures.errors.push({ user: user.name, code: outcome.error.code, message: outcome.error.message });
      })
      .catch(() => {
        // The engine died with the call in flight: an interrupted send, judged by the checker from the journal.
        figures.interrupted++;
      })
      .finally(() => inFlight.delete(attempt));
    inFlight.add(attempt);
  };

  while (figures.attempted < options.total) {
    if (Date.now() - started > options.deadlineMs) throw new Error(`sending did not finish within ${options.deadlineMs} ms`);
    const due = Math.min(options.total, Math.floor(((Date.now() - started) / 1000) * options.ratePerSecond));
    while (figures.attempted < due) {
      const alive = cluster.aliveUsers();
      if (alive.length === 0) break;
      sendOne(options.random.pick(alive));
    }
    await sleep(20);
  }
  await Promise.all(inFlight);
  return figures;
}
