import { cleanup, fireEvent } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationList } from './ConversationList';
import { createFakeApi, fakeConversation } from '../testing/createFakeApi';
import { renderWithApp } from '../testing/renderWithApp';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function setup() {
  const conversations = Array.from({ length: 100 }, (_, i) => fakeConversation(`c${i}`, `person${i}`, { lastActivity: 1_000 - i }));
  const fake = createFakeApi({ signedIn: true, conversations });
  const view = renderWithApp(() => <ConversationList onOpen={() => undefined} />, fake.api);
  await view.app.conversations.load();
  const rows = () => view.container.querySelectorAll('button.conversation').length;
  expect(rows()).toBe(24);
  return { view, rows };
}

describe('ConversationList', () => {
  it('draws a screenful at once and the rest only after the first moments, in idle slices', async () => {
    vi.useFakeTimers();
    const { rows } = await setup();
    await vi.advanceTimersByTimeAsync(1_000);
    // The first click after start must not wait behind rows nobody sees yet.
    expect(rows()).toBe(24);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rows()).toBe(100);
  });

  it('draws every row at once when the user scrolls the list or moves to its end', async () => {
    const first = await setup();
    fireEvent.scroll(first.view.container.querySelector('nav.conversation-list')!);
    expect(first.rows()).toBe(100);
    cleanup();

    const second = await setup();
    const top = second.view.container.querySelector<HTMLButtonElement>('button.conversation')!;
    top.focus();
    fireEvent.keyDown(top, { key: 'End' });
    expect(second.rows()).toBe(100);
    expect(document.activeElement?.textContent).toContain('person99');
  });
});
