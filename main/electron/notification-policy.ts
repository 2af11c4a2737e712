import type { ConversationSummary, Message, Settings } from '../../shared/domain';
import type { ShellStrings } from './strings';

/** A batch of newly received messages, as the Messenger reports them. */
export interface IncomingItem {
  conversation: ConversationSummary;
  messages: Message[];
}

/** What the shell knows about the window when messages arrive. */
export interface AttentionState {
  windowFocused: boolean;
  activeConversation: string | null;
}

type NotifySettings = Pick<Settings, 'notifications' | 'doNotDisturb'>;

/**
 * Keeps only the messages worth a notification: none when notifications are off or during do-not-disturb,
 * none for muted or left conversations, none for the conversation the user is looking at, and never the user's
 * own, deleted or system messages.
 */
export function selectNotifiable(items: readonly IncomingItem[], settings: NotifySettings, attention: AttentionState): IncomingItem[] {
  if (!settings.notifications || settings.doNotDisturb) return [];
  const selected: IncomingItem[] = [];
  for (const { conversation, messages } of items) {
    if (conversation.muted || conversation.left) continue;
    if (attention.windowFocused && attention.activeConversation === conversation.id) continue;
    const worth = messages.filter((message) => !message.mine && !message.deleted && message.system === null);
    if (worth.length > 0) selected.push({ conversation, messages: worth });
  }
  return selected;
}

/** One native notification standing for a whole burst of messages. */
export interface NotificationContent {
  title: string;
  body: string;
  /** The conversation a click opens. */
  convId: string;
}

const PREVIEW_LIMIT = 200;
const preview = (text: string) => (text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT - 1)}…` : text);

/**
 * Turns a burst (possibly several batches merged) into one notification: the message itself when there is one,
 * a count for one conversation, "N new messages in M conversations" otherwise. A click opens the conversation of
 * the newest message.
 */
export function summarizeBurst(items: readonly IncomingItem[], strings: ShellStrings): NotificationContent | null {
  const byConversation = new Map<string, IncomingItem>();
  for (const item of items) {
    const known = byConversation.get(item.conversation.id);
    const seen = new Set(known?.messages.map((message) => message.id));
    const fresh = item.messages.filter((message) => !seen.has(message.id));
    byConversation.set(item.conversation.id, {
      conversation: item.conversation,
      messages: [...(known?.messages ?? []), ...fresh],
    });
  }
  const conversations = [...byConversation.values()].filter((item) => item.messages.length > 0);
  const all = conversations.flatMap((item) => item.messages);
  if (all.length === 0) return null;
  const newest = all.reduce((a, b) => (b.ts >= a.ts ? b : a));
  if (conversations.length > 1) {
    return { title: 'Parley', body: strings.newMessagesIn(all.length, conversations.length), convId: newest.convId };
  }
  const { conversation } = conversations[0]!;
  const group = conversation.kind !== 'direct';
  if (all.length === 1) {
    const body = group ? `${newest.senderName}: ${preview(newest.text)}` : preview(newest.text);
    return { title: conversation.title, body, convId: conversation.id };
  }
  return { title: conversation.title, body: strings.newMessages(all.length), convId: conversation.id };
}
