import type { Settings } from '../../../shared/domain';
import { selectNotifiable, summarizeBurst, type AttentionState, type IncomingItem } from '../notification-policy';
import type { ShellStrings } from '../strings';

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotifierDeps {
  createNotification(options: { title: string; body: string }): NotificationLike;
  settings(): Pick<Settings, 'notifications' | 'doNotDisturb'>;
  attention(): AttentionState;
  strings(): ShellStrings;
  /** A notification was clicked: show the window at this conversation. */
  open(convId: string): void;
  /** A notification was shown (the shell flashes the window frame). */
  shown?(): void;
}

/**
 * Native notifications for new messages, one per burst: what arrives within `burstMs` of the first message is
 * summed up in a single notification, and a new burst replaces the previous notification instead of stacking.
 * Whether a message counts is decided when it arrives, so reading the conversation during the burst still
 * silences it.
 */
export class Notifier {
  private pending: IncomingItem[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Held so it is not garbage-collected before the user clicks it (Electron drops the click otherwise). */
  private current: NotificationLike | null = null;

  constructor(
    private readonly deps: NotifierDeps,
    private readonly burstMs = 800,
  ) {}

  incoming(items: readonly IncomingItem[]): void {
    const worth = selectNotifiable(items, this.deps.settings(), this.deps.attention());
    if (worth.length === 0) return;
    this.pending.push(...worth);
    this.timer ??= setTimeout(() => this.flush(), this.burstMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.current?.close();
    this.current = null;
  }

  private flush(): void {
    this.timer = null;
    const burst = this.pending;
    this.pending = [];
    // Settings may have changed during the burst (do-not-disturb switched on): ask again before showing.
    const still = selectNotifiable(burst, this.deps.settings(), { windowFocused: false, activeConversation: null });
    const content = summarizeBurst(still, this.deps.strings());
    if (!content) return;
    this.current?.close();
    const notification = this.deps.createNotification({ title: content.title, body: content.body });
    notification.on('click', () => {
      if (this.current === notification) this.current = null;
      this.deps.open(content.convId);
    });
    this.current = notification;
    notification.show();
    this.deps.shown?.();
  }
}
