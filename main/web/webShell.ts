import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CommandHandlers, EventSink } from '../../shared/contract/api';
import { dispatchCommand } from '../core/api/dispatch';
import { BRIDGE_PATH, CLOSE_REFUSED, parsePageFrame, type ShellFrame } from './frames';
import { contentTypeOf, injectBridge, readIfExists, resolveInside } from './staticFiles';

/** What the web shell needs from the engine: the `Messenger` fits it. */
export interface ShellEngine extends CommandHandlers {
  subscribe(sink: EventSink): unknown;
}

export interface WebShellOptions {
  engine: ShellEngine;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** The built browser bridge (`out/web-bridge/bridge.js`). */
  bridgeFile: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface WebShell {
  readonly port: number;
  readonly token: string;
  /** The address to open, with the token in the fragment (never sent to the server in a URL). */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const BRIDGE_SRC = '/parley-bridge.js';
const HELLO_TIMEOUT_MS = 5_000;
const MAX_FRAME_BYTES = 1024 * 1024;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const sameToken = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Serves the renderer on 127.0.0.1 and carries the typed API over a local WebSocket guarded by a per-run token. */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const clients = new Set<WebSocket>();
  let port = 0;

  const allowedOrigins = (): Set<string> => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  const allowedHosts = (): Set<string> => new Set([`${HOST}:${port}`, `localhost:${port}`]);

  const respond = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', cache = 'no-store'): void => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': cache });
    res.end(body);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A page on another site could point a name at 127.0.0.1 (DNS rebinding); only our own host names are served.
    if (!allowedHosts().has(req.headers.host ?? '')) return respond(res, 421, 'misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, 'method not allowed');
    const urlPath = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    if (urlPath === BRIDGE_SRC) {
      const bridge = await readIfExists(options.bridgeFile);
      return bridge ? respond(res, 200, bridge, contentTypeOf(options.bridgeFile)) : respond(res, 500, 'bridge not built: run npm run build');
    }
    const file = urlPath === '/' ? path.join(rendererDir, 'index.html') : resolveInside(rendererDir, urlPath);
    if (file === null) return respond(res, 404, 'not found');
    const body = await readIfExists(file);
    if (body === null) return respond(res, 404, 'not found');
    if (file.endsWith('index.html')) return respond(res, 200, injectBridge(body.toString('utf8'), BRIDGE_SRC), contentTypeOf(file));
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    return respond(res, 200, body, contentTypeOf(file), immutable ? 'public, max-age=31536000, immutable' : 'no-store');
  };

  const http = createServer((req, res) => {
    serve(req, res).catch(() => respond(res, 500, 'internal error'));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const refuseUpgrade = (socket: Duplex): void => {
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
  };

  http.on('upgrade', (req, socket, head) => {
    const urlPath = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    const originOk = allowedOrigins().has(req.headers.origin ?? '');
    if (urlPath !== BRIDGE_PATH || !originOk || !allowedHosts().has(req.headers.host ?? '')) return refuseUpgrade(socket);
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  const send = (ws: WebSocket, frame: ShellFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const accept = (ws: WebSocket): void => {
    let authed = false;
    const helloTimer = setTimeout(() => ws.close(CLOSE_REFUSED, 'no token'), HELLO_TIMEOUT_MS);
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? null : parsePageFrame(data.toString());
      if (!authed) {
        if (frame?.type !== 'hello' || !sameToken(frame.token, token)) return ws.close(CLOSE_REFUSED, 'refused');
        authed = true;
        clearTimeout(helloTimer);
        clients.add(ws);
        return send(ws, { type: 'ready' });
      }
      if (frame?.type !== 'call') return;
      void dispatchCommand(options.engine, frame.name, frame.input).then((outcome) =>
        send(ws, { type: 'result', id: frame.id, outcome }),
      );
    });
  };

  const sink: EventSink = (name, payload) => {
    const frame = JSON.stringify({ type: 'event', name, payload } satisfies ShellFrame);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const unsubscribe = options.engine.subscribe(sink);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, HOST, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    port,
    token,
    url: `http://${HOST}:${port}/#token=${token}`,
    async close() {
      if (typeof unsubscribe === 'function') unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
