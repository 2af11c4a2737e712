import { For, Show } from 'solid-js';
import type { SearchHit } from '../../../shared/domain';

/** Search snippet pieces as text, the matched words marked. */
export function Snippet(props: { parts: SearchHit['snippet'] }) {
  return (
    <For each={props.parts}>
      {(part) => (
        <Show when={part.match} fallback={part.text}>
          <mark>{part.text}</mark>
        </Show>
      )}
    </For>
  );
}
