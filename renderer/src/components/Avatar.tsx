import { Show } from 'solid-js';

const PALETTE_SIZE = 8;

/** A stable colour per name, so that the same person always looks the same. */
const paletteIndex = (name: string): number => {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % PALETTE_SIZE;
};

const initials = (name: string): string => {
  const words = name.trim().split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[1]!].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
};

export function Avatar(props: { name: string; size?: 'small' | 'large'; online?: boolean | undefined }) {
  return (
    <span class={`avatar avatar-${props.size ?? 'normal'} palette-${paletteIndex(props.name)}`} aria-hidden="true">
      {initials(props.name)}
      <Show when={props.online !== undefined}>
        <span class="presence-dot" classList={{ online: props.online === true }} />
      </Show>
    </span>
  );
}
