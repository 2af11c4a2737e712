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
    void Promise.allSettled([app.settings.load(), app.connection.load(), app.session.load()]).then(() => setStarted(true));
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
