import { WebSocket } from 'ws';
import { countEvents } from '../lib/count';
import { memoryAfterGc, serve } from '../lib/serve';
import { registerMany, WireClient } from '../lib/wire';

/**
 * Load generator: opens many plain sockets to the process under test and counts what they receive.
 * Counting is deliberately the same for the raw baseline and for Parley (a byte search for `"seq":`).
 */

const sockets: WebSocket[] = [];
const wires: WireClient[] = [];
let delivered = 0;
let waiter: { total: number; resolve: () => void } | null = null;

function onFrame(data: Buffer): void {
  onCount(countEvents(data));
}

function onCount(n: number): void {
  delivered += n;
  if (waiter && delivered >= waiter.total) {
    waiter.resolve();
    waiter = null;
  }
}

/** Opens `n` sockets, at most `parallel` handshakes at a time (so 10,000 do not all SYN at once). */
async function openMany(url: string, n: number, parallel: number, headers?: Record<string, string>): Promise<WebSocket[]> {
  const opened: WebSocket[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      next++;
      const socket = new WebSocket(url, { perMessageDeflate: false, ...(headers ? { headers } : {}) });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.on('error', () => {});
      opened.push(socket);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  return opened;
}

async function closeAll(): Promise<void> {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const wire of wires.splice(0)) wire.terminate();
  delivered = 0;
  waiter = null;
}

serve(
  {
    /** Plain sockets that only count deliveries: the receiving side of both fan-out figures. */
    async openCounting(params: { url: string; n: number }) {
      const opened = await openMany(params.url, params.n, 50);
      for (const socket of opened) socket.on('message', (data: Buffer) => onFrame(data));
      sockets.push(...opened);
      return { open: sockets.length };
    },
    /** Idle sockets: they answer pings (ws does that by itself) and nothing else. */
    async openIdle(params: { url: string; n: number }) {
      const opened = await openMany(params.url, params.n, 100);
      sockets.push(...opened);
      return { open: sockets.length };
    },
    /**
     * Registers `members` users, makes member 0 create one group with all the others, brings every socket
     * live (synced) and starts counting the events they receive. Returns what the sender needs.
     */
    async parleyGroup(params: { url: string; members: number; prefix: string }) {
      const members = await registerMany(params.url, params.prefix, params.members);
      wires.push(...members.map((m) => m.client));
      const creator = members[0]!;
      const { conv } = await creator.client.call<{ conv: { id: string } }>('createGroup', {
        id: `g${params.prefix}`,
        title: 'Fan-out group',
        memberIds: members.slice(1).map((m) => m.userId),
      });
      await Promise.all(members.map((m) => m.client.goLive()));
      for (const m of members) {
        m.client.counting = true;
        m.client.onEvents = (n) => onCount(n);
      }
      return { convId: conv.id, token: creator.token };
    },
    /** `n` sockets of one user, each authenticated with `resume` and then left idle (they still answer pings). */
    async parleyIdle(params: { url: string; n: number; token: string }) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < params.n) {
          next++;
          const wire = await WireClient.connect(params.url);
          await wire.resume(params.token);
          wires.push(wire);
        }
      };
      await Promise.all(Array.from({ length: Math.min(100, params.n) }, worker));
      return { open: wires.length };
    },
    /** Resolves once `total` events have arrived across all sockets since the last reset. */
    async expect(params: { total: number; timeoutMs: number }) {
      if (delivered < params.total) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${delivered} of ${params.total} deliveries`)), params.timeoutMs);
          waiter = {
            total: params.total,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          };
        });
      }
      return { delivered };
    },
    resetCount() {
      delivered = 0;
      return null;
    },
    stillOpen() {
      const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length + wires.filter((wire) => wire.open).length;
      return { open, total: sockets.length + wires.length };
    },
    closeAll,
    memory: () => memoryAfterGc(),
  },
  closeAll,
);
