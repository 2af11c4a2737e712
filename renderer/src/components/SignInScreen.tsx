import { createSignal, Show } from 'solid-js';
import { useApp } from '../context';
import { errorText } from '../lib/errors';
import { ConnectionStatus } from './ConnectionStatus';

/** Sign in or create an account; the engine remembers the last server and username. */
export function SignInScreen() {
  const { session, i18n } = useApp();
  const t = i18n.t;
  const signedOut = () => {
    const state = session.session();
    return state && !state.signedIn ? state : null;
  };
  const [server, setServer] = createSignal(signedOut()?.lastServer ?? 'ws://127.0.0.1:8787');
  const [username, setUsername] = createSignal(signedOut()?.lastUsername ?? '');
  const [password, setPassword] = createSignal('');
  const [stay, setStay] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const submit = async (mode: 'signIn' | 'register'): Promise<void> => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      const credentials = { server: server().trim(), username: username().trim(), password: password(), staySignedIn: stay() };
      await (mode === 'signIn' ? session.signIn(credentials) : session.register(credentials));
    } catch (failure) {
      setError(errorText(i18n, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form
        class="sign-in-card"
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit('signIn');
        }}
      >
        <div class="sign-in-logo" aria-hidden="true">P</div>
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p class="muted">{t('signIn.subtitle')}</p>
        <Show when={signedOut()?.reason}>{(reason) => <p class="form-note">{t('signIn.sessionEnded', { reason: reason() })}</p>}</Show>
        <label class="field">
          <span>{t('signIn.server')}</span>
          <input value={server()} onInput={(e) => setServer(e.currentTarget.value)} autocomplete="url" spellcheck={false} required />
        </label>
        <label class="field">
          <span>{t('signIn.username')}</span>
          <input
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
          />
        </label>
        <label class="field">
          <span>{t('signIn.password')}</span>
          <input type="password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="current-password" required />
        </label>
        <label class="check">
          <input type="checkbox" checked={stay()} onChange={(e) => setStay(e.currentTarget.checked)} />
          <span>{t('signIn.staySignedIn')}</span>
        </label>
        <Show when={stay() && signedOut()?.secureStorage === 'plaintext'}>
          <p class="form-note">{t('signIn.plaintextWarning')}</p>
        </Show>
        <Show when={error()}>
          <p class="form-error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="sign-in-actions">
          <button type="submit" class="primary" disabled={busy()}>
            {t('signIn.submit')}
          </button>
          <button type="button" class="secondary" disabled={busy()} onClick={() => void submit('register')}>
            {t('signIn.register')}
          </button>
        </div>
        <div class="sign-in-status">
          <ConnectionStatus />
        </div>
      </form>
    </main>
  );
}
