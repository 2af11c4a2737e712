import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode, PROTOCOL_VERSION } from '../../shared/protocol';
import { connectTcp, rawWebSocket, textFrame, upgradeRequest } from './raw-socket';
import { PASSWORD, registerUsers, startTestServer } from './server-fixture';
import { WellBehavedPair } from './well-behaved';
import { WireClient } from './wire-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWith(limits: Parameters<typeof startTestServer>[0]) {
  const fixture = await startTestServer(limits);
  cleanups.push(() => fixture.dispose());
  return fixture;
}

async function pairOn(url: string, names: [string, string]) {
  const pair = await WellBehavedPair.create(url, names, PASSWORD);
  cleanups.push(() => pair.dispose());
  return pair;
}

describe('floods', () => {
  it('rate-limits a client that calls as fast as it can, then closes it, without slowing others', async () => {
    const { server } = await serverWith({});
    const pair = await pairOn(server.url, ['calmalice', 'calmbob']);
    const flooder = await WireClient.open(server.url);
    cleanups.push(() => flooder.close());
    await flooder.register('flooder', PASSWORD);

    pair.start();
    let limited = 0;
    let answered = 0;
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 3_000 && flooder.closeCode === null; i++) {
      calls.push(
        flooder.call('ping', {}).then(
          () => answered++,
          (error: { code?: string }) => {
            if (error.code === ErrorCode.RateLimited) limited++;
          },
        ),
      );
      if (i % 200 === 0) await sleep(0);
    }
    expect(await flooder.whenClosed()).toBe(CloseCode.RateLimited);
    await Promise.all(calls);
    // Let the pair talk a little longer once the flood is over, then check every message of it.
    await sleep(300);
    const figures = await pair.stop();
    expect(limited).toBeGreaterThan(0);
    expect(answered).toBeLessThan(3_000);
    expect(figures.exchanged).toBeGreaterThan(3);
    // Loose bound: a flooded server would keep the pair waiting seconds (not a performance assertion).
    expect(figures.maxRoundTripMs).toBeLessThan(2_000);
  }, 60_000);

  it('drops a client that never reads before its send buffer grows without bound', async () => {
    const { server } = await serverWith({ maxBufferedBytes: 512 * 1024, rateBurst: 100_000, ratePerSecond: 100_000 });
    const pair = await pairOn(server.url, ['readalice', 'readbob']);
    const [poster, sloth] = await registerUsers(server.url, 'bulk', 2);
    const posting = await WireClient.open(server.url);
    cleanups.push(() => posting.close());
    await posting.resume(poster!.token);
    const { conv } = await posting.call('createGroup', { id: 'slow-group', title: 'bulk', memberIds: [sloth!.userId] });
    // 2.4 MB of history, so every sync page the sloth asks for is a full one.
    for (let i = 0; i < 160; i++) {
      await posting.call('post', { convId: conv.id, id: `bulk-${i}`, body: { kind: 'message', text: `${i} ${'x'.repeat(15_000)}` } });
    }

    const port = Number(new URL(server.url).port);
    const socket = await rawWebSocket(port);
    cleanups.push(() => void socket.destroy());
    socket.pause();
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    const rssBefore = process.memoryUsage().rss;
    pair.start();
    socket.write(textFrame(JSON.stringify({ type: 'call', id: 1, method: 'resume', params: { v: PROTOCOL_VERSION, token: sloth!.token } })));
    // Ask for ~60 KB pages again and again and never read any of it: far more than any socket buffer holds.
    for (let i = 0; i < 400; i++) socket.write(textFrame(JSON.stringify({ type: 'call', id: 10 + i, method: 'sync', params: { after: 0, limit: 500 } })));
    // Keep live events coming too.
    for (let i = 0; i < 40; i++) await posting.call('post', { convId: conv.id, id: `live-${i}`, body: { kind: 'message', text: 'y'.repeat(15_000) } });

    // The server closes it (4004) and terminates it shortly after, since the close frame waits behind unread data.
    const deadline = Date.now() + 15_000;
    socket.resume();
    while (!closed && Date.now() < deadline) await sleep(50);
    expect(closed).toBe(true);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    const figures = await pair.stop();
    expect(figures.exchanged).toBeGreaterThan(0);
  }, 60_000);

  it('keeps accepting new clients while 5,000 connections are opened and abandoned during the handshake', async () => {
    const { server } = await serverWith({ authTimeoutMs: 1_000, headersTimeoutMs: 2_000 });
    const port = Number(new URL(server.url).port);
    const [regular] = await registerUsers(server.url, 'regular', 1);
    const held: net.Socket[] = [];
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
    });
    const kinds = { tcpOnly: 0, partialHeaders: 0, upgradedSilent: 0, upgradeThenReset: 0, refused: 0 };

    // A regular user keeps connecting and authenticating from another address while the abandonment goes on.
    let attacking = true;
    const regularAttempts: number[] = [];
    const regularLoop = (async () => {
      while (attacking) {
        const started = Date.now();
        const client = await WireClient.open(server.url);
        try {
          await client.resume(regular!.token);
          await client.call('ping', {});
        } finally {
          client.close();
        }
        regularAttempts.push(Date.now() - started);
        await sleep(50);
      }
    })();

    // The attacker comes from 127.0.0.2 (all of 127/8 is loopback), so the per-address limit applies to it alone.
    const attacker = '127.0.0.2';
    const abandon = async (i: number) => {
      try {
        switch (i % 4) {
          case 0: {
            const socket = await connectTcp(port, attacker);
            socket.destroy();
            kinds.tcpOnly++;
            break;
          }
          case 1: {
            const socket = await connectTcp(port, attacker);
            socket.on('error', () => undefined);
            socket.write(upgradeRequest(port).slice(0, 40));
            held.push(socket);
            kinds.partialHeaders++;
            break;
          }
          case 2: {
            const socket = await rawWebSocket(port, attacker);
            socket.on('error', () => undefined);
            held.push(socket);
            kinds.upgradedSilent++;
            break;
          }
          default: {
            const socket = await connectTcp(port, attacker);
            socket.on('error', () => undefined);
            socket.write(upgradeRequest(port));
            socket.resetAndDestroy();
            kinds.upgradeThenReset++;
          }
        }
      } catch {
        // Refused by the per-address limit (429) or reset by the server: that is the server defending itself.
        kinds.refused++;
      }
    };
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 250 }, (_, i) => abandon(batch * 250 + i)));
      await sleep(10);
    }
    attacking = false;
    await regularLoop;

    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(regularAttempts.length).toBeGreaterThan(3);
    // Loose bound: each regular connection got through in seconds, not stuck behind the abandoned ones.
    expect(Math.max(...regularAttempts)).toBeLessThan(5_000);
    for (const socket of held) socket.destroy();
    const after = await WireClient.open(server.url);
    cleanups.push(() => after.close());
    await after.resume(regular!.token);
    expect((await after.call('ping', {})).ts).toBeGreaterThan(0);
  }, 120_000);
});
