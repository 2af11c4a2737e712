/**
 * The names of every call and every pushed event, as plain data with no dependencies, so that the preload
 * bridge can be built from them without bundling the schemas. `commands.ts` and `events.ts` must define
 * exactly these keys (enforced by the type checker).
 */
export const commandNames = [
  'getSession',
  'signIn',
  'register',
  'signOut',
  'getConnection',
  'getCapabilities',
  'listConversations',
  'pageMessages',
  'sendMessage',
  'editMessage',
  'deleteMessage',
  'react',
  'retryMessage',
  'markRead',
  'setTyping',
  'setActiveConversation',
  'searchMessages',
  'findUsers',
  'getPresence',
  'createDirect',
  'createGroup',
  'addMembers',
  'removeMember',
  'leaveConversation',
  'renameGroup',
  'setMuted',
  'getDraft',
  'setDraft',
  'getSettings',
  'updateSettings',
] as const;
export type CommandName = (typeof commandNames)[number];

export const eventNames = [
  'sessionChanged',
  'connectionChanged',
  'conversationsChanged',
  'messagesChanged',
  'typingChanged',
  'presenceChanged',
  'settingsChanged',
  'openConversation',
] as const;
export type EventName = (typeof eventNames)[number];

/** IPC channel for a call, and the single channel that carries pushed events. */
export const commandChannel = (name: CommandName): string => `parley:call:${name}`;
export const EVENT_CHANNEL = 'parley:event';
