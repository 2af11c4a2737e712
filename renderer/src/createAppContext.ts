import type { ParleyApi } from './api';
import { createI18n } from './i18n/createI18n';
import { createSessionStore } from './stores/createSessionStore';
import { createConnectionStore } from './stores/createConnectionStore';
import { createSettingsStore } from './stores/createSettingsStore';
import { createConversationsStore } from './stores/createConversationsStore';
import { createNoticesStore } from './stores/createNoticesStore';
import { reporter, type AppContextValue } from './context';

/** Builds every app-wide store over one API; `dispose` detaches them all from it. */
export function createAppContext(api: ParleyApi): AppContextValue & { dispose(): void } {
  const settings = createSettingsStore(api);
  const i18n = createI18n(() => settings.settings().language);
  const notices = createNoticesStore();
  const session = createSessionStore(api);
  const connection = createConnectionStore(api);
  const conversations = createConversationsStore(api);
  return {
    api,
    i18n,
    session,
    connection,
    settings,
    conversations,
    notices,
    report: reporter(i18n, notices),
    dispose() {
      for (const store of [settings, notices, session, connection, conversations]) store.dispose();
    },
  };
}
