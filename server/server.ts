import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import pino from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol';
import { PasswordHasher } from './accounts/passwords';
import { Sessions } from './accounts/sessions';
import { Users } from './accounts/users';
import { resolveOptions, type ServerOptions } from './config';
import type { ServerContext } from './context';
import { Conversations } from './conversations/conversations';
import { ConversationService } from './conversations/service';
import { Checkpointer } from './db/checkpointer';
import { closeDatabase, openDatabase } from './db/open';
import { Ledger } from './events/ledger';
import { Messaging } from './events/messaging';
import { Receipts } from './events/receipts';
import { EventStore } from './events/store';
import { SyncQuery } from './events/sync';
import { helloFrame } from './hub/frames';
import { Hub } from './hub/hub';
import { Presence } from './hub/presence';
import { AuthDeadlines } from './limits/auth-deadlines';
import { RateLimiter } from './limits/rate-limiter';
import { handleMessage } from './rpc/dispatch';
import { SupportBot } from './support-bot';

export interface RunningServer {
  /** ws://host:port or wss://host:port */
  url: string;
  port: number;
  /** Closes every socket with 1001, stops listening and closes the database cleanly. */
  close(): Promise<void>;
}

export async function startServer(serverOptions: ServerOptions): Promise<RunningServer> {
  const options = resolveOptions(serverOptions);
  const { limits } = options;
  const logger = serverOptions.logger ?? pino({ level: process.env.PARLEY_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const db = openDatabase(options.dataDir);
  const checkpointer = new Checkpointer(db.name, logger);

  const users = new Users(db);
  const conversations = new Conversations(db);
  const events = new EventStore(db);
  const conversationService = new ConversationService(conversations, users, events);
  // The hub reports presence changes only after sockets authenticate, by which time `presence` exists.
  const liveHub: Hub = new Hub(conversations, limits, logger, { presenceChanged: (userId, online) => presence.changed(userId, online) });
  const presence = new Presence(liveHub, users, conversations);
  const ctx: ServerContext = {
    options,
    logger,
    db,
    users,
    sessions: new Sessions(db, limits.sessionTtlMs),
    hasher: new PasswordHasher({ fast: options.fastHashing, concurrency: limits.hashConcurrency, queue: limits.hashQueue }),
    conversations,
    conversationService,
    ledger: new Ledger(db, events, conversations, (entries) => liveHub.publish(entries)),
    messaging: new Messaging(conversations, events, new Receipts(db)),
    sync: new SyncQuery(db, events),
    hub: liveHub,
    presence,
    limiter: new RateLimiter(limits.rateBurst, limits.ratePerSecond),
    support: options.support ? new SupportBot(options.support, users, conversations, conversationService) : null,
  };

  const onRequest: http.RequestListener = (req, res) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  };
  const httpServer = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
  httpServer.headersTimeout = limits.headersTimeoutMs;
  httpServer.requestTimeout = limits.requestTimeoutMs;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const deadlines = new AuthDeadlines(limits.authTimeoutMs, (conn) => liveHub.close(conn, CloseCode.AuthTimeout, 'not signed in in time'));

  const refuseUpgrade = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };
  // Set when close() starts: a handshake still in flight then must not add a socket that close() never sees.
  let shuttingDown = false;
  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!liveHub.admits(ip)) {
      logger.warn({ ip }, 'refusing a connection: too many from this address');
      return refuseUpgrade(socket, '429 Too Many Requests');
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, ip));
  });

  function accept(ws: WebSocket, ip: string): void {
    if (shuttingDown) {
      ws.terminate();
      return;
    }
    const conn = liveHub.add(ws, ip);
    ws.on('message', (data, isBinary) => {
      try {
        handleMessage(ctx, conn, data, isBinary);
      } catch (error) {
        logger.error({ err: error }, 'frame handling failed');
      }
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => logger.debug({ err: error, ip }, 'socket error'));
    ws.on('close', () => {
      try {
        liveHub.remove(conn);
      } catch (error) {
        logger.error({ err: error }, 'cleanup after close failed');
      }
    });
    deadlines.watch(conn);
    liveHub.send(conn, helloFrame(limits.authTimeoutMs));
  }

  const sweeper = setInterval(() => {
    liveHub.sweep();
    ctx.limiter.sweep(Date.now());
  }, limits.pingIntervalMs);
  sweeper.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweeper);
    deadlines.dispose();
    await checkpointer.dispose();
    closeDatabase(db);
    throw error;
  }
  httpServer.on('error', (error) => logger.error({ err: error }, 'http server error'));
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${options.tls ? 'wss' : 'ws'}://${host}:${port}`;
  logger.info({ url, support: options.support !== null }, 'listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true;
      clearInterval(sweeper);
      deadlines.dispose();
      liveHub.flush();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const sockets = [...liveHub.connections()];
      await Promise.all(
        sockets.map(
          (conn) =>
            new Promise<void>((resolve) => {
              if (conn.ws.readyState === conn.ws.CLOSED) return resolve();
              conn.ws.once('close', () => resolve());
              liveHub.close(conn, CloseCode.GoingAway, 'server shutting down');
              setTimeout(() => conn.ws.terminate(), 2_000).unref();
            }),
        ),
      );
      httpServer.closeAllConnections();
      await closed;
      await checkpointer.dispose();
      closeDatabase(db);
      logger.info('closed');
    })());
  return { url, port, close };
}
