import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

describe('relay shutdown while clients are connecting', () => {
  // Engines reconnect within milliseconds, so a restart often catches handshakes in flight; close() must not wait on them forever.
  it('closes promptly even when WebSocket handshakes are in flight', async () => {
    h = new Harness();
    for (let round = 0; round < 12; round++) {
      const server = await h.server();
      const clients = Array.from({ length: 5 }, () => new WebSocket(server.url).on('error', () => undefined));
      h.defer(() => clients.forEach((client) => client.terminate()));
      await new Promise((resolve) => setTimeout(resolve, round % 3));
      const outcome = await Promise.race([
        server.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(() => resolve('still open after 4 s'), 4_000)),
      ]);
      expect(outcome).toBe('closed');
    }
  });
});
