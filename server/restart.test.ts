import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './testing/client';
import { groupOf, say, texts } from './testing/fixtures';
import { TestServer } from './testing/harness';

let server: TestServer;
afterEach(() => server.stop());

describe('restart', () => {
  it('keeps accounts, sessions, conversations, events, receipts and idempotency across a restart', async () => {
    server = await TestServer.start();
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const first = await say(alice!.client, conv.id, 'before restart');
    await bob!.client.call('receipt', { convId: conv.id, receipt: 'read', upTo: first.seq });
    const before = await bob!.client.syncAll();

    await server.restart();

    const again = await TestClient.connect(server.url);
    await again.resume(alice!.token);
    expect(await say(again, conv.id, 'before restart', first.id)).toEqual(first);
    const second = await say(again, conv.id, 'after restart');
    expect(second.seq).toBeGreaterThan(before.next);
    const bobAgain = await TestClient.connect(server.url);
    await bobAgain.login('bob');
    const after = await bobAgain.syncAll();
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(texts(after.events, conv.id)).toEqual(['before restart', 'after restart']);
    expect(await bobAgain.call('receipt', { convId: conv.id, receipt: 'read', upTo: 1 })).toEqual({ upTo: first.seq });
    expect((await bobAgain.call('conversations', {})).conversations.map((c) => c.id)).toContain(conv.id);
    await Promise.all([again.close(), bobAgain.close()]);
  });
});
