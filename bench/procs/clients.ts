import { WebSocket } from 'ws';
import { countEvents } from '../lib/count';
import { memoryAfterGc, serve } from '../lib/serve';

/**
 * Load generator: opens many plain sockets to the process under test and counts what they receive.
 * Counting is deliberately the same for the raw baseline and for Parley (a byte search for `"seq":`).
 */

const sockets: WebSocket[] = [];
let delivered = 0;
let waiter: { total: number; resolve: () => void } | null = null;

function onFrame(data: Buffer): void {
  delivered += countEvents(data);
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
      return { open: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length, total: sockets.length };
    },
    closeAll,
    memory: () => memoryAfterGc(),
  },
  closeAll,
);
