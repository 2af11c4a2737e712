import { createSignal } from 'solid-js';
import type { ParleyApi } from '../api';
import type { SessionState } from '../../../shared/domain';

export interface Credentials {
  server: string;
  username: string;
  password: string;
  staySignedIn: boolean;
}

export function createSessionStore(api: ParleyApi) {
  const [session, setSession] = createSignal<SessionState | null>(null);
  const unsubscribe = api.onSessionChanged(setSession);

  return {
    session,
    async load(): Promise<void> {
      setSession(await api.getSession({}));
    },
    async signIn(credentials: Credentials): Promise<void> {
      const user = await api.signIn(credentials);
      setSession({ signedIn: true, user, server: credentials.server });
    },
    async register(credentials: Credentials): Promise<void> {
      const user = await api.register(credentials);
      setSession({ signedIn: true, user, server: credentials.server });
    },
    async signOut(): Promise<void> {
      await api.signOut({});
      setSession(await api.getSession({}));
    },
    dispose: unsubscribe,
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
