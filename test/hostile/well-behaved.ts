import { randomUUID } from 'node:crypto';
import { WireClient } from './wire-client';

export interface PairFigures {
  exchanged: number;
  maxRoundTripMs: number;
}

/**
 * Two ordinary users in a direct conversation who keep exchanging messages while something hostile happens
 * elsewhere on the server. Every post must be acknowledged, and must reach the other user exactly once, with
 * the exact text, in order.
 */
export class WellBehavedPair {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private readonly sent: { id: string; text: string }[] = [];
  private maxRoundTripMs = 0;

  private constructor(
    readonly alice: WireClient,
    readonly bob: WireClient,
    readonly convId: string,
  ) {}

  static async create(url: string, names: [string, string], password: string): Promise<WellBehavedPair> {
    const alice = await WireClient.open(url);
    const bob = await WireClient.open(url);
    await alice.register(names[0], password);
    const bobSession = await bob.register(names[1], password);
    const { conv } = await alice.call('createDirect', { userId: bobSession.user.id });
    // Sync so bob's socket receives live events from here on.
    await bob.call('sync', { after: 0 });
    return new WellBehavedPair(alice, bob, conv.id);
  }

  /** Exchanges one message every `intervalMs` until `stop()`; the default stays well under the per-user rate limit. */
  start(intervalMs = 40): void {
    this.running = true;
    this.loop = (async () => {
      let n = 0;
      while (this.running && this.failure === null) {
        try {
          await this.exchange(`well-behaved #${n++} <b>&amp;</b>`);
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error));
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();
  }

  /** One message from alice to bob; resolves when bob has it. */
  async exchange(text: string): Promise<void> {
    const id = randomUUID().replace(/-/g, '');
    const started = Date.now();
    const ack = await this.alice.call('post', { convId: this.convId, id, body: { kind: 'message', text } });
    if (ack.id !== id) throw new Error(`acknowledged ${ack.id} for ${id}`);
    this.sent.push({ id, text });
    await this.bob.waitForEvents((events) => events.some((event) => event.id === id));
    this.maxRoundTripMs = Math.max(this.maxRoundTripMs, Date.now() - started);
  }

  /** Throws if an exchange failed so far. */
  assertHealthy(): void {
    if (this.failure) throw new Error(`the well-behaved client was affected: ${this.failure.message}`);
  }

  /** Stops, then checks that bob received every message exactly once, in order, with the exact text. */
  async stop(): Promise<PairFigures> {
    this.running = false;
    await this.loop;
    this.assertHealthy();
    const received = this.bob.events.filter((event) => event.convId === this.convId && event.body.kind === 'message');
    const ids = received.map((event) => event.id);
    if (new Set(ids).size !== ids.length) throw new Error('bob received a message twice');
    const expected = this.sent.map((message) => message.id);
    const expectedSet = new Set(expected);
    const got = ids.filter((id) => expectedSet.has(id));
    if (got.join(',') !== expected.join(',')) throw new Error('bob received messages out of order or lost some');
    const textById = new Map(this.sent.map((message) => [message.id, message.text]));
    for (const event of received) {
      const sent = textById.has(event.id) ? { text: textById.get(event.id)! } : undefined;
      if (sent && event.body.kind === 'message' && event.body.text !== sent.text) throw new Error('a text changed on the way');
    }
    if (this.alice.invalidFrames.length + this.bob.invalidFrames.length > 0) throw new Error('the pair received frames outside the protocol');
    return { exchanged: this.sent.length, maxRoundTripMs: this.maxRoundTripMs };
  }

  dispose(): void {
    this.running = false;
    this.alice.close();
    this.bob.close();
  }
}
