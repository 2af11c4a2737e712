import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Messenger } from '../../main/core/index';
import { benchCapabilities, loadEngine } from '../lib/engine';
import { nowNs, pace } from '../lib/pace';
import { serve } from '../lib/serve';
import { BENCH_PASSWORD } from '../lib/wire';

/**
 * One engine of the latency figure (the sender or the receiver), in its own process as in real life: a real
 * Messenger with its own profile, signed in to the server under test. The sender stamps each send and the
 * receiver each arrival on the machine-wide monotonic clock, so no clock needs to be shared through IPC.
 */
let messenger: Messenger | null = null;
let threads: { dispose(): void } | null = null;
let profile: string | null = null;
/** Receiver: when each message of another user first reached `messagesChanged` (ns). */
const arrived = new Map<string, bigint>();

async function close(): Promise<void> {
  await messenger?.dispose();
  messenger = null;
  threads?.dispose();
  threads = null;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = null;
}

serve(
  {
    async open(params: { server: string; username: string }) {
      const engine = await loadEngine();
      profile = mkdtempSync(join(tmpdir(), 'parley-bench-engine-'));
      messenger = await engine.Messenger.open({ profileDir: profile, vault: new engine.FileSessionVault(profile), capabilities: benchCapabilities, logger: engine.silentLogger });
      messenger.subscribe((name, payload) => {
        if (name !== 'messagesChanged') return;
        const at = nowNs();
        for (const message of (payload as { messages: { id: string; mine: boolean }[] }).messages) {
          if (!message.mine && !arrived.has(message.id)) arrived.set(message.id, at);
        }
      });
      const user = await messenger.register({ server: params.server, username: params.username, password: BENCH_PASSWORD, staySignedIn: true });
      // As the web shell's CLI does once the engine runs: helper threads give way to the event loop.
      threads ??= new engine.BackgroundThreads(engine.silentLogger);
      return { userId: user.id };
    },
    async createDirect(params: { userId: string }) {
      const conv = await messenger!.createDirect({ userId: params.userId });
      return { convId: conv.id };
    },
    /** Sends `count` messages at `rate`/s; returns each message id with its send time (ns, as a string). */
    async sendPaced(params: { convId: string; count: number; rate: number; tag: string }) {
      const sent: [string, string][] = [];
      const pending: Promise<void>[] = [];
      await pace(params.count, params.rate, params.count * 5 + 10_000, (i) => {
        const at = nowNs();
        pending.push(messenger!.sendMessage({ convId: params.convId, text: `${params.tag} ${i} ${'x'.repeat(60)}` }).then((m) => void sent.push([m.id, at.toString()])));
      });
      await Promise.all(pending);
      return { sent };
    },
    /** Receiver: waits until every id has arrived; returns each arrival time (ns, as a string), in the order asked. */
    async arrivals(params: { ids: string[]; timeoutMs: number }) {
      const deadline = performance.now() + params.timeoutMs;
      while (!params.ids.every((id) => arrived.has(id))) {
        if (performance.now() > deadline) throw new Error(`${params.ids.filter((id) => !arrived.has(id)).length} messages never arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { at: params.ids.map((id) => arrived.get(id)!.toString()) };
    },
  },
  close,
);
