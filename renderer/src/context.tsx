import { createContext, useContext, type JSX } from 'solid-js';
import type { ParleyApi } from './api';
import type { I18n } from './i18n/createI18n';
import type { SessionStore } from './stores/createSessionStore';
import type { ConnectionStore } from './stores/createConnectionStore';
import type { SettingsStore } from './stores/createSettingsStore';
import type { ConversationsStore } from './stores/createConversationsStore';
import type { NoticesStore } from './stores/createNoticesStore';
import { errorText } from './lib/errors';

export interface AppContextValue {
  api: ParleyApi;
  i18n: I18n;
  session: SessionStore;
  connection: ConnectionStore;
  settings: SettingsStore;
  conversations: ConversationsStore;
  notices: NoticesStore;
  /** Shows a failed call's error as a notice; for fire-and-forget actions. */
  report: (error: unknown) => void;
}

const AppContext = createContext<AppContextValue>();

export function AppProvider(props: { value: AppContextValue; children: JSX.Element }) {
  return <AppContext.Provider value={props.value}>{props.children}</AppContext.Provider>;
}

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppProvider');
  return value;
}

export const reporter = (i18n: I18n, notices: NoticesStore) => (error: unknown) => notices.show(errorText(i18n, error));
