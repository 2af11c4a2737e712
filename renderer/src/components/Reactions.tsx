import { For } from 'solid-js';
import type { Reaction } from '../../../shared/domain';
import { useApp } from '../context';

export function Reactions(props: { reactions: Reaction[]; onToggle: (emoji: string, on: boolean) => void }) {
  const { i18n } = useApp();
  return (
    <div class="reactions">
      <For each={props.reactions}>
        {(reaction) => (
          <button
            type="button"
            class="reaction"
            classList={{ mine: reaction.mine }}
            aria-pressed={reaction.mine}
            aria-label={i18n.t('message.reactionCount', { emoji: reaction.emoji, count: reaction.count })}
            onClick={() => props.onToggle(reaction.emoji, !reaction.mine)}
          >
            <span aria-hidden="true">{reaction.emoji}</span>
            <span class="reaction-count">{reaction.count}</span>
          </button>
        )}
      </For>
    </div>
  );
}
