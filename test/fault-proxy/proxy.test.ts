import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FaultProxy } from './proxy';

/** A TCP server that records every chunk it reads and can send bytes back on request. */
async function recordingServer() {
  const chunks: Buffer[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    chunks,
    sockets,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function wsEchoServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  return {
    port: (wss.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function connectRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const target = await recordingServer();
  const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: target.port } });
  cleanups.push(() => target.close(), () => proxy.close());
  return { target, proxy };
}

describe('FaultProxy', () => {
  it('forwards bytes both ways unchanged and in order', async () => {
    const { target, proxy } = await setup();
    const client = await connectRaw(proxy.port);
    cleanups.push(() => void client.destroy());
    const sent = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    client.write(sent);
    await until(() => target.received().length === sent.length);
    expect(target.received().equals(sent)).toBe(true);

    const back: Buffer[] = [];
    client.on('data', (chunk) => back.push(chunk));
    target.sockets[0]!.write('pong');
    await until(() => Buffer.concat(back).toString() === 'pong');
    expect(proxy.counts.connections).toBe(1);
  });

  it('adds latency without reordering', async () => {
    const echo = await wsEchoServer();
    const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: echo.port } });
    cleanups.push(() => echo.close(), () => proxy.close());
    const ws = await openWs(proxy.url);
    cleanups.push(() => ws.terminate());
    proxy.setFaults({ latencyMs: 60, jitterMs: 40 });
    const received: string[] = [];
    ws.on('message', (data) => received.push(String(data)));
    const started = Date.now();
    for (let i = 0; i < 20; i++) ws.send(`m${i}`);
    await until(() => received.length === 20);
    // Two trips through the proxy, each at least 60 ms late.
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(received).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('slices writes into single bytes that still form valid WebSocket frames', async () => {
    const { target, proxy } = await setup();
    proxy.setFaults({ sliceBytes: 1 });
    const client = await connectRaw(proxy.port);
    cleanups.push(() => void client.destroy());
    client.write(Buffer.alloc(64, 7));
    await until(() => target.received().length === 64);
    // Each byte was written separately with a macrotask between: the server reads many small chunks.
    expect(target.chunks.length).toBeGreaterThan(16);

    target.chunks.length = 0;
    const echo = await wsEchoServer();
    cleanups.push(() => echo.close());
    proxy.setTarget({ host: '127.0.0.1', port: echo.port });
    const ws = await openWs(proxy.url);
    cleanups.push(() => ws.terminate());
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('sliced but whole');
    expect(await reply).toBe('sliced but whole');
  });

  it('cuts a connection in the middle of a frame', async () => {
    const { target, proxy } = await setup();
    const client = await connectRaw(proxy.port);
    const received: Buffer[] = [];
    client.on('data', (chunk) => received.push(chunk));
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await until(() => proxy.links().length === 1 && target.sockets.length === 1);
    proxy.links()[0]!.cutMidFrame('toClient');
    target.sockets[0]!.write(Buffer.alloc(1000, 1));
    await ended;
    const total = Buffer.concat(received).length;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(1000);
    expect(proxy.counts.cut).toBe(1);
  });

  it('a cut mid-frame closes a WebSocket abnormally without delivering the partial message', async () => {
    const echo = await wsEchoServer();
    const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: echo.port } });
    cleanups.push(() => echo.close(), () => proxy.close());
    const ws = await openWs(proxy.url);
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    ws.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    proxy.links()[0]!.cutMidFrame('toClient');
    ws.send('x'.repeat(2000));
    expect(await closed).toBe(1006);
    expect(messages).toEqual([]);
  });

  it('resets a connection with RST', async () => {
    const { target, proxy } = await setup();
    const client = await connectRaw(proxy.port);
    const error = new Promise<NodeJS.ErrnoException>((resolve) => client.once('error', resolve));
    await until(() => target.sockets.length === 1);
    proxy.links()[0]!.reset();
    expect((await error).code).toBe('ECONNRESET');
    expect(proxy.counts.reset).toBe(1);
  });

  it('stalls traffic and delivers it in order when the stall ends', async () => {
    const { target, proxy } = await setup();
    const client = await connectRaw(proxy.port);
    cleanups.push(() => void client.destroy());
    await until(() => target.sockets.length === 1);
    const link = proxy.links()[0]!;
    link.stall();
    client.write('abc');
    client.write('def');
    await sleep(100);
    expect(target.received().length).toBe(0);
    link.resume();
    await until(() => target.received().toString() === 'abcdef');
    link.stall(50);
    client.write('ghi');
    await until(() => target.received().toString() === 'abcdefghi');
  });

  it('goes silent without closing (half-open) until the endpoints give up', async () => {
    const { target, proxy } = await setup();
    const client = await connectRaw(proxy.port);
    let closed = false;
    client.on('close', () => (closed = true));
    await until(() => target.sockets.length === 1);
    proxy.links()[0]!.blackhole();
    client.write('lost');
    target.sockets[0]!.write('lost too');
    const back: Buffer[] = [];
    client.on('data', (chunk) => back.push(chunk));
    await sleep(150);
    expect(target.received().length).toBe(0);
    expect(back.length).toBe(0);
    expect(closed).toBe(false);
    expect(proxy.links().length).toBe(1);
    // The client leaves; like a real dead path, the server side learns nothing of it.
    let serverSawEnd = false;
    target.sockets[0]!.once('end', () => (serverSawEnd = true));
    client.destroy();
    await sleep(100);
    expect(serverSawEnd).toBe(false);
  });

  it('applies per-link faults over global ones, and refuses connections while the path is down', async () => {
    const { target, proxy } = await setup();
    proxy.setFaults({ latencyMs: 5_000 });
    const slow = await connectRaw(proxy.port);
    const fast = await connectRaw(proxy.port);
    cleanups.push(() => void slow.destroy(), () => void fast.destroy());
    await until(() => proxy.links().length === 2);
    proxy.links()[1]!.setFaults({ latencyMs: 0 });
    fast.write('F');
    slow.write('S');
    await until(() => target.received().toString() === 'F');
    await sleep(50);
    expect(target.received().toString()).toBe('F');

    proxy.setAcceptingConnections(false);
    const refused = net.connect({ host: '127.0.0.1', port: proxy.port });
    const outcome = await new Promise<string>((resolve) => {
      refused.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      refused.once('close', () => resolve('closed'));
    });
    expect(['ECONNRESET', 'closed']).toContain(outcome);
    expect(proxy.counts.refused).toBe(1);
  });

  it('passes a FIN through after data still delayed by latency', async () => {
    const { target, proxy } = await setup();
    proxy.setFaults({ latencyMs: 80 });
    const client = await connectRaw(proxy.port);
    await until(() => target.sockets.length === 1);
    const serverSide = target.sockets[0]!;
    const ended = new Promise<void>((resolve) => serverSide.once('end', () => resolve()));
    client.end('last words');
    await ended;
    expect(target.received().toString()).toBe('last words');
  });
});
