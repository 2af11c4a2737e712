import { render } from '@solidjs/testing-library';
import { onCleanup, type JSX } from 'solid-js';
import { AppProvider, type AppContextValue } from '../context';
import { createAppContext } from '../createAppContext';
import type { ParleyApi } from '../api';

/** Renders a component inside the app's stores over the given (fake) API. */
export function renderWithApp(ui: () => JSX.Element, api: ParleyApi) {
  let app!: AppContextValue;
  const result = render(() => {
    const context = createAppContext(api);
    onCleanup(() => context.dispose());
    app = context;
    return <AppProvider value={context}>{ui()}</AppProvider>;
  });
  return { ...result, app };
}
