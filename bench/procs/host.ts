import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { memoryAfterGc, serve } from '../lib/serve';
import { loadModule } from '../fixtures/modules';
import { encodeTextFrame, tcpSocketOf } from '../lib/ws-frame';

/**
 * The process under test for network figures: hosts either a raw `ws` server (baselines) or the Parley
 * relay server, and reports its own memory. Load comes from bench/procs/clients.ts, another process.
 */

let raw: WebSocketServer | null = null;
let heartbeat: NodeJS.Timeout | null = null;
let parley: { url: string; close: () => Promise<void> | void } | null = null;
let dataDir: string | null = null;
/** Lowers this process's threads while it hosts the relay, as the relay's CLI does (they stay lowered after stopAll). */
let threads: { dispose(): void } | null = null;

function listen(server: WebSocketServer): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => {
      const address = server.address();
      if (typeof address === 'string' || address === null) reject(new Error('no TCP address'));
      else resolve(`ws://127.0.0.1:${address.port}`);
    });
    server.once('error', reject);
  });
}

async function stopAll(): Promise<void> {
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = null;
  if (raw) {
    for (const client of raw.clients) client.terminate();
    await new Promise<void>((resolve) => raw!.close(() => resolve()));
    raw = null;
  }
  if (parley) {
    await parley.close();
    parley = null;
  }
  threads?.dispose();
  threads = null;
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  }
}

serve(
  {
    /** Raw echo server: the latency baseline. */
    async rawEcho() {
      await stopAll();
      raw = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      raw.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
      return { url: await listen(raw) };
    },
    /** Raw server that keeps idle sockets alive with the ws README heartbeat (ping, terminate if no pong). */
    async rawIdle(params: { pingMs: number }) {
      await stopAll();
      raw = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      const alive = new WeakMap<WebSocket, boolean>();
      raw.on('connection', (socket) => {
        alive.set(socket, true);
        socket.on('pong', () => alive.set(socket, true));
      });
      heartbeat = setInterval(() => {
        for (const socket of raw!.clients) {
          if (!alive.get(socket)) socket.terminate();
          else {
            alive.set(socket, false);
            socket.ping();
          }
        }
      }, params.pingMs);
      return { url: await listen(raw) };
    },
    connections() {
      return { count: raw ? raw.clients.size : 0 };
    },
    /**
     * Raw fan-out: one pre-encoded frame written to every connected socket, `frames` times, pausing only
     * while some socket's buffer is over 256 KiB so memory stays bounded.
     */
    async broadcast(params: { payload: string; frames: number }) {
      if (!raw) throw new Error('no raw server');
      const sockets = [...raw.clients].map(tcpSocketOf);
      const frame = encodeTextFrame(params.payload);
      for (let i = 0; i < params.frames; i++) {
        for (const socket of sockets) socket.write(frame);
        while (sockets.some((socket) => socket.writableLength > 256 * 1024)) await new Promise((resolve) => setImmediate(resolve));
      }
      return { sockets: sockets.length };
    },
    /** The Parley relay server in a fresh data dir. `server/index.ts` is imported lazily: it may not exist yet. */
    async parley(params: { limits?: Record<string, unknown>; fastHashing?: boolean }) {
      await stopAll();
      const startServer = await loadModule<(options: Record<string, unknown>) => Promise<{ url: string; close: () => Promise<void> | void }>>(
        'server/index.ts',
        'startServer',
      );
      dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-server-'));
      parley = await startServer({
        host: '127.0.0.1',
        port: 0,
        dataDir,
        supportBot: false,
        logger: pino({ level: 'silent' }),
        ...(params.limits ? { limits: params.limits } : {}),
        // Only the benchmark's own set-up (registering 100 members) gets cheaper; nothing measured hashes passwords.
        insecureFastPasswordHashingForTestsOnly: params.fastHashing === true,
      });
      // As the relay's CLI does once the server runs (server/cli.ts): helper threads give way to the event loop.
      if (threads === null) {
        const BackgroundThreads = await loadModule<new (logger: unknown) => { dispose(): void }>('server/index.ts', 'BackgroundThreads');
        threads = new BackgroundThreads(pino({ level: 'silent' }));
      }
      return { url: parley.url };
    },
    memory: () => memoryAfterGc(),
    stop: () => stopAll(),
  },
  stopAll,
);
