import { createEffect, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import type { Message } from '../../../shared/domain';
import { useApp } from '../context';
import { debounce } from '../lib/timing';

export type ComposerMode = { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message } | null;

const DRAFT_SAVE_MS = 400;
/** Refresh the typing signal this often while typing; receivers expire it after TYPING_TTL_MS (6 s). */
const TYPING_REFRESH_MS = 3_000;
const TYPING_IDLE_MS = 4_000;

export interface ComposerProps {
  convId: string;
  mode: ComposerMode;
  onCancelMode: () => void;
  onSend: (text: string, replyTo: string | undefined) => Promise<void>;
  onEdit: (messageId: string, text: string) => Promise<void>;
  /** Up arrow in an empty composer edits the last own message. */
  onEditLast: () => void;
  ref?: (textarea: HTMLTextAreaElement) => void;
}

/** Enter sends, Shift+Enter breaks the line, nothing is sent while an input method is composing. */
export function Composer(props: ComposerProps) {
  const { api, i18n, connection, report } = useApp();
  const t = i18n.t;
  const [text, setText] = createSignal('');
  const [typed, setTyped] = createSignal(false);
  let textarea: HTMLTextAreaElement | undefined;
  let composing = false;
  let typingSentAt = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let savedBeforeEdit = '';

  const saveDraft = debounce((value: string) => void api.setDraft({ convId: props.convId, text: value }).catch(() => undefined), DRAFT_SAVE_MS);

  const stopTyping = (): void => {
    clearTimeout(idleTimer);
    if (typingSentAt === 0) return;
    typingSentAt = 0;
    void api.setTyping({ convId: props.convId, typing: false }).catch(() => undefined);
  };
  const noteTyping = (): void => {
    const now = Date.now();
    if (now - typingSentAt > TYPING_REFRESH_MS) {
      typingSentAt = now;
      void api.setTyping({ convId: props.convId, typing: true }).catch(() => undefined);
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  onMount(() => {
    api.getDraft({ convId: props.convId }).then(
      (draft) => {
        if (!typed() && draft) setText(draft);
      },
      () => undefined,
    );
  });
  onCleanup(() => {
    saveDraft.flush();
    stopTyping();
  });

  // Editing puts the message's text in the box; leaving edit mode brings back what was there before.
  createEffect(on(() => props.mode, (mode, previous) => {
    if (mode?.kind === 'edit') {
      if (previous?.kind !== 'edit') savedBeforeEdit = text();
      setText(mode.message.text);
    } else if (previous?.kind === 'edit') {
      setText(savedBeforeEdit);
    }
    textarea?.focus();
  }, { defer: true }));

  const onInput = (value: string): void => {
    setTyped(true);
    setText(value);
    if (props.mode?.kind === 'edit') return;
    saveDraft.call(value);
    if (value.trim()) noteTyping();
    else stopTyping();
  };

  const submit = async (): Promise<void> => {
    const draft = text();
    // Surrounding blank lines and spaces are never meant to be sent.
    const value = draft.trim();
    if (!value) return;
    const mode = props.mode;
    setText(mode?.kind === 'edit' ? savedBeforeEdit : '');
    if (mode?.kind !== 'edit') {
      saveDraft.cancel();
      stopTyping();
      void api.setDraft({ convId: props.convId, text: '' }).catch(() => undefined);
    }
    props.onCancelMode();
    try {
      if (mode?.kind === 'edit') await props.onEdit(mode.message.id, value);
      else await props.onSend(value, mode?.kind === 'reply' ? mode.message.id : undefined);
    } catch (error) {
      // Nothing may be lost: the text goes back into the box.
      setText(draft);
      report(error);
    }
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // keyCode 229 is what Chromium reports for keys an input method is still handling.
    if (composing || event.isComposing || event.keyCode === 229) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && props.mode) {
      event.preventDefault();
      props.onCancelMode();
    } else if (event.key === 'ArrowUp' && text() === '' && !props.mode) {
      event.preventDefault();
      props.onEditLast();
    }
  };

  return (
    <div class="composer">
      <Show when={props.mode}>
        {(mode) => (
          <div class="composer-context">
            <span class="composer-context-bar" aria-hidden="true" />
            <span class="composer-context-body">
              <span class="composer-context-title">
                {mode().kind === 'edit' ? t('composer.editing') : t('composer.replyingTo', { name: mode().message.senderName })}
              </span>
              <span class="composer-context-text">{mode().message.text}</span>
            </span>
            <button
              type="button"
              class="icon-button"
              aria-label={mode().kind === 'edit' ? t('composer.cancelEdit') : t('composer.cancelReply')}
              onClick={() => props.onCancelMode()}
            >
              ✕
            </button>
          </div>
        )}
      </Show>
      <div class="composer-row">
        <textarea
          ref={(element) => {
            textarea = element;
            props.ref?.(element);
          }}
          rows={1}
          aria-label={t('composer.label')}
          placeholder={t('composer.placeholder')}
          value={text()}
          maxLength={16_384}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => (composing = true)}
          onCompositionEnd={() => (composing = false)}
          onBlur={() => {
            stopTyping();
            saveDraft.flush();
          }}
        />
        <button type="button" class="send-button" aria-label={t('composer.send')} title={t('composer.send')} disabled={!text().trim()} onClick={() => void submit()}>
          <span class="icon icon-send" aria-hidden="true" />
        </button>
      </div>
      <Show when={connection.connection().state === 'offline'}>
        <p class="composer-hint">{t('composer.offlineHint')}</p>
      </Show>
    </div>
  );
}
