import { createEffect, createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { ParleyApi } from '../api';
import { AppProvider } from '../context';
import { createAppContext } from '../createAppContext';
import { App } from './App';

/** Owns the app-wide stores for one API and applies theme and language to the document. */
export function Root(props: { api: ParleyApi }) {
  const app = createAppContext(props.api);
  const [started, setStarted] = createSignal(false);
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const [systemDark, setSystemDark] = createSignal(prefersDark?.matches ?? false);

  onMount(() => {
    const onScheme = (event: MediaQueryListEvent): void => void setSystemDark(event.matches);
    prefersDark?.addEventListener('change', onScheme);
    onCleanup(() => prefersDark?.removeEventListener('change', onScheme));
    // Everything the first screen needs is asked for at once: no answer waits for another one.
    app.conversations.prefetch();
    const session = app.session.load().finally(() => {
      if (app.session.session()?.signedIn !== true) app.conversations.forgetPrefetch();
    });
    void Promise.allSettled([app.settings.load(), app.connection.load(), session]).then(() => setStarted(true));
    // The first date formatter of a page costs tens of milliseconds (locale data); pay it while the answers are
    // on their way rather than while the conversation list is being drawn.
    setTimeout(() => app.i18n.warm(), 0);
  });
  onCleanup(() => app.dispose());

  createEffect(() => {
    const theme = app.settings.settings().theme;
    document.documentElement.dataset.theme = theme === 'system' ? (systemDark() ? 'dark' : 'light') : theme;
    document.documentElement.lang = app.settings.settings().language;
  });

  return (
    <AppProvider value={app}>
      <Show when={started()} fallback={<div class="splash" aria-busy="true" />}>
        <App />
      </Show>
    </AppProvider>
  );
}
