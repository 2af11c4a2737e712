import { z } from 'zod';
import { ConvId } from '../protocol/primitives';
import { ConnectionState, ConversationSummary, Message, Presence, SessionState, Settings, User } from '../domain';
import type { EventName } from './names';

/** Every event the main process pushes to the renderer. */
export const events = {
  sessionChanged: SessionState,
  connectionChanged: ConnectionState,
  /** Conversations that were added or changed (unread count, last message, members, mute...). */
  conversationsChanged: z.object({ conversations: z.array(ConversationSummary) }),
  /** Messages that were added or changed in one conversation (status, edit, deletion, reactions...). */
  messagesChanged: z.object({ convId: ConvId, messages: z.array(Message) }),
  /** Everyone currently typing in a conversation (empty when nobody is). */
  typingChanged: z.object({ convId: ConvId, users: z.array(User) }),
  presenceChanged: Presence,
  settingsChanged: Settings,
  /** The shell asks the app to show a conversation (notification click, tray, deep link). */
  openConversation: z.object({ convId: ConvId }),
} as const satisfies Record<EventName, z.ZodType>;
