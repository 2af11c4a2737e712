import { afterEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

describe('one account on two devices', () => {
  it('sees the same history, including what the other device sent, and read state follows', async () => {
    h = new Harness();
    const server = await h.server();
    const laptop = await h.engine();
    const bob = await h.engine();
    await laptop.signUp(server, 'alice');
    const bobUser = await bob.signUp(server, 'bob');
    await laptop.online();
    await bob.online();
    const convId = (await laptop.messenger.createDirect({ userId: bobUser.id })).id;
    await laptop.messenger.sendMessage({ convId, text: 'from the laptop' });
    await waitFor(async () => (await bob.texts(convId)).length === 1, 'bob got the first message');

    // A second device signs in later and syncs the history, including its own account's messages.
    const desktop = await h.engine();
    await desktop.signIn(server, 'alice');
    await desktop.online();
    await waitFor(async () => (await desktop.texts(convId)).includes('from the laptop'), 'history on the desktop');
    expect((await desktop.history(convId)).find((m) => m.text === 'from the laptop')).toMatchObject({ mine: true, status: expect.any(String) });
    // Importing the history of a fresh profile is not reported as new incoming messages.
    expect(desktop.incoming).toEqual([]);

    await desktop.messenger.sendMessage({ convId, text: 'from the desktop' });
    await waitFor(async () => (await laptop.texts(convId)).join('|') === 'from the laptop|from the desktop', 'the desktop message on the laptop');
    expect((await laptop.history(convId)).at(-1)).toMatchObject({ mine: true, text: 'from the desktop' });
    // The user's own message from another device is not a notification.
    expect(laptop.incoming).toEqual([]);

    await bob.messenger.sendMessage({ convId, text: 'hi both' });
    await waitFor(async () => (await laptop.messenger.listConversations()).find((c) => c.id === convId)?.unread === 1, 'unread on the laptop');
    await waitFor(async () => (await desktop.messenger.listConversations()).find((c) => c.id === convId)?.unread === 1, 'unread on the desktop');
    expect(laptop.incoming.flatMap((item) => item.messages.map((m) => m.text))).toEqual(['hi both']);

    await laptop.messenger.markRead({ convId });
    await waitFor(async () => (await desktop.messenger.listConversations()).find((c) => c.id === convId)?.unread === 0, 'read state on the desktop');
    expect(desktop.messenger.totalUnread()).toBe(0);
    expect(await desktop.texts(convId)).toEqual(await laptop.texts(convId));
  });
});
