import { For, Show } from 'solid-js';
import { linkify } from '../lib/linkify';

/** Message text as text nodes, with http(s)/mailto addresses as links that open outside the app. */
export function LinkifiedText(props: { text: string }) {
  return (
    <For each={linkify(props.text)}>
      {(segment) => (
        <Show when={segment.kind === 'link' ? segment : null} fallback={segment.text}>
          {(link) => (
            <a href={link().href} target="_blank" rel="noopener noreferrer">
              {link().text}
            </a>
          )}
        </Show>
      )}
    </For>
  );
}
