import { createSignal, For, onCleanup, Show } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { Message } from '../../../shared/domain';
import { useApp } from '../context';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const;

export interface MessageActionHandlers {
  onReply: (message: Message) => void;
  onEdit: (message: Message) => void;
  onDelete: (message: Message) => void;
  onReact: (message: Message, emoji: string, on: boolean) => void;
}

const MENU_WIDTH = 220;
const MENU_HEIGHT = 190;

/** The "⋯" button of a message and its menu: reply, edit and delete own messages, react. Keyboard first. */
export function MessageActions(props: { message: Message; canSend: boolean } & MessageActionHandlers) {
  const { i18n } = useApp();
  const t = i18n.t;
  const [position, setPosition] = createSignal<{ left: number; top: number } | null>(null);
  let trigger: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;

  const items = (): HTMLElement[] => (menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')] : []);
  const close = (refocus = true): void => {
    setPosition(null);
    document.removeEventListener('pointerdown', onPointerDown);
    if (refocus) trigger?.focus();
  };
  const open = (): void => {
    if (!trigger) return;
    const rect = trigger.getBoundingClientRect();
    const below = rect.bottom + MENU_HEIGHT < window.innerHeight;
    setPosition({
      left: Math.max(8, Math.min(window.innerWidth - MENU_WIDTH - 8, rect.right - MENU_WIDTH)),
      top: below ? rect.bottom + 4 : Math.max(8, rect.top - MENU_HEIGHT - 4),
    });
    // Listened to only while the menu is open: every message on screen has this button.
    document.addEventListener('pointerdown', onPointerDown);
    queueMicrotask(() => items()[0]?.focus());
  };
  const act = (run: () => void): void => {
    close(false);
    run();
  };

  function onPointerDown(event: PointerEvent): void {
    if (position() && menu && !menu.contains(event.target as Node) && event.target !== trigger) close(false);
  }
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown));

  const onMenuKey = (event: KeyboardEvent): void => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      all[(index + step + all.length) % all.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const mine = () => props.message.mine && !props.message.deleted;
  const reacted = (emoji: string) => props.message.reactions.some((r) => r.emoji === emoji && r.mine);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        class="message-actions-button icon-button"
        aria-label={t('message.actions')}
        aria-haspopup="menu"
        aria-expanded={position() !== null}
        onClick={() => (position() ? close() : open())}
      >
        ⋯
      </button>
      <Show when={position()}>
        {(at) => (
          // In a portal: the virtual list moves its rows with a transform, which would capture position: fixed.
          <Portal>
          <div
            ref={menu}
            class="menu"
            role="menu"
            aria-label={t('message.actions')}
            style={{ left: `${at().left}px`, top: `${at().top}px` }}
            onKeyDown={onMenuKey}
          >
            <div class="menu-reactions" role="group">
              <For each={QUICK_REACTIONS}>
                {(emoji) => (
                  <button
                    type="button"
                    role="menuitem"
                    tabindex="-1"
                    class="menu-emoji"
                    classList={{ mine: reacted(emoji) }}
                    aria-label={t('message.react', { emoji })}
                    onClick={() => act(() => props.onReact(props.message, emoji, !reacted(emoji)))}
                  >
                    {emoji}
                  </button>
                )}
              </For>
            </div>
            <Show when={props.canSend}>
              <button type="button" role="menuitem" tabindex="-1" onClick={() => act(() => props.onReply(props.message))}>
                {t('message.reply')}
              </button>
            </Show>
            <Show when={mine() && props.canSend}>
              <button type="button" role="menuitem" tabindex="-1" onClick={() => act(() => props.onEdit(props.message))}>
                {t('message.edit')}
              </button>
            </Show>
            <Show when={mine()}>
              <button type="button" role="menuitem" tabindex="-1" class="danger-text" onClick={() => act(() => props.onDelete(props.message))}>
                {t('message.delete')}
              </button>
            </Show>
          </div>
          </Portal>
        )}
      </Show>
    </>
  );
}
