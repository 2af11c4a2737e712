import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Messenger } from '../../main/core/index';
import { benchCapabilities, loadEngine } from '../lib/engine';
import { nowNs, pace } from '../lib/pace';
import { serve } from '../lib/serve';
import { BENCH_PASSWORD } from '../lib/wire';

/**
 * The sending engine of the latency figure, in its own process: a real Messenger with its own profile,
 * signed in to the server under test. It stamps each send on the machine-wide monotonic clock; the
 * receiving engine (in the bench process) stamps the arrival, so no clock needs to be shared through IPC.
 */
let messenger: Messenger | null = null;
let profile: string | null = null;

async function close(): Promise<void> {
  await messenger?.dispose();
  messenger = null;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = null;
}

serve(
  {
    async open(params: { server: string; username: string }) {
      const engine = await loadEngine();
      profile = mkdtempSync(join(tmpdir(), 'parley-bench-engine-'));
      messenger = await engine.Messenger.open({ profileDir: profile, vault: new engine.FileSessionVault(profile), capabilities: benchCapabilities, logger: engine.silentLogger });
      const user = await messenger.register({ server: params.server, username: params.username, password: BENCH_PASSWORD, staySignedIn: true });
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
  },
  close,
);
