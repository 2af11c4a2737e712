import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttentionState } from '../notification-policy';
import { shellStrings } from '../strings';
import { FakeBrowserWindow, FakeImage, FakeNotification } from '../testing/fake-electron';
import { conversation, message } from '../testing/fixtures';
import { AttentionIndicators } from './attention';
import { Notifier } from './notifier';

function setup() {
  const settings = { notifications: true, doNotDisturb: false };
  const attention: AttentionState = { windowFocused: false, activeConversation: null };
  const opened: string[] = [];
  const shown = vi.fn();
  const notifier = new Notifier(
    {
      createNotification: (options) => new FakeNotification(options),
      settings: () => settings,
      attention: () => attention,
      strings: () => shellStrings('en'),
      open: (convId) => opened.push(convId),
      shown,
    },
    800,
  );
  return { notifier, settings, attention, opened, shown };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeNotification.created.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('Notifier', () => {
  it('shows one notification per burst and opens the conversation on click', () => {
    const { notifier, opened, shown } = setup();
    notifier.incoming([{ conversation: conversation('a'), messages: [message('a', '1')] }]);
    vi.advanceTimersByTime(300);
    notifier.incoming([{ conversation: conversation('b'), messages: [message('b', '2'), message('b', '3')] }]);
    notifier.incoming([{ conversation: conversation('c'), messages: [message('c', '4'), message('c', '5')] }]);
    expect(FakeNotification.created).toHaveLength(0);
    vi.advanceTimersByTime(500);
    expect(FakeNotification.created).toHaveLength(1);
    const [shownOne] = FakeNotification.created;
    expect(shownOne).toMatchObject({ shown: true, options: { title: 'Parley', body: '5 new messages in 3 conversations' } });
    expect(shown).toHaveBeenCalledOnce();
    shownOne!.click();
    expect(opened).toEqual(['c']);
  });

  it('replaces the previous notification instead of stacking a second one', () => {
    const { notifier } = setup();
    notifier.incoming([{ conversation: conversation('a', { title: 'bob' }), messages: [message('a', 'first')] }]);
    vi.advanceTimersByTime(800);
    notifier.incoming([{ conversation: conversation('a', { title: 'bob' }), messages: [message('a', 'second')] }]);
    vi.advanceTimersByTime(800);
    expect(FakeNotification.created.map((n) => [n.options.body, n.closed])).toEqual([
      ['first', true],
      ['second', false],
    ]);
  });

  it('stays silent for the open conversation of a focused window, muted chats, DND and notifications off', () => {
    const { notifier, settings, attention } = setup();
    attention.windowFocused = true;
    attention.activeConversation = 'a';
    notifier.incoming([{ conversation: conversation('a'), messages: [message('a', 'seen')] }]);
    notifier.incoming([{ conversation: conversation('m', { muted: true }), messages: [message('m', 'muted')] }]);
    settings.doNotDisturb = true;
    notifier.incoming([{ conversation: conversation('b'), messages: [message('b', 'dnd')] }]);
    settings.doNotDisturb = false;
    settings.notifications = false;
    notifier.incoming([{ conversation: conversation('b'), messages: [message('b', 'off')] }]);
    vi.advanceTimersByTime(5000);
    expect(FakeNotification.created).toHaveLength(0);
  });

  it('drops a burst when do-not-disturb is switched on before it is shown, and dispose cancels it', () => {
    const { notifier, settings } = setup();
    notifier.incoming([{ conversation: conversation('a'), messages: [message('a', 'x')] }]);
    settings.doNotDisturb = true;
    vi.advanceTimersByTime(800);
    expect(FakeNotification.created).toHaveLength(0);
    settings.doNotDisturb = false;
    notifier.incoming([{ conversation: conversation('a'), messages: [message('a', 'y')] }]);
    notifier.dispose();
    vi.advanceTimersByTime(800);
    expect(FakeNotification.created).toHaveLength(0);
  });
});

describe('AttentionIndicators', () => {
  const strings = () => shellStrings('en');

  it('sets the badge count everywhere and the overlay icon only on Windows', () => {
    const app = { badgeCount: -1, setBadgeCount: (n?: number) => ((app.badgeCount = n ?? 0), true) };
    const window = new FakeBrowserWindow();
    const windows = new AttentionIndicators({ app, platform: 'win32', window: () => window, overlayImage: (label) => new FakeImage(label), strings });
    windows.setUnread(12);
    expect(app.badgeCount).toBe(12);
    expect(window.overlay).toEqual({ image: new FakeImage('9+'), description: '12 unread' });
    windows.setUnread(0);
    expect(window.overlay).toBeNull();

    const linuxWindow = new FakeBrowserWindow();
    const linux = new AttentionIndicators({ app, platform: 'linux', window: () => linuxWindow, overlayImage: (label) => new FakeImage(label), strings });
    linux.setUnread(3);
    expect(app.badgeCount).toBe(3);
    expect(linuxWindow.overlay).toBeNull();
  });

  it('flashes an unfocused frame on Windows and Linux, never on macOS, and stops on focus', () => {
    const app = { setBadgeCount: () => true };
    for (const platform of ['win32', 'linux', 'darwin']) {
      const window = new FakeBrowserWindow();
      const indicators = new AttentionIndicators({ app, platform, window: () => window, overlayImage: (l) => new FakeImage(l), strings });
      indicators.flash();
      expect(window.flashing).toBe(platform !== 'darwin');
      indicators.stopFlashing();
      expect(window.flashing).toBe(false);
      window.show();
      indicators.flash();
      expect(window.flashing).toBe(false);
    }
  });
});
