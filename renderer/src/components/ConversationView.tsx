import { createEffect, createSignal, on, onCleanup, onMount, Show, untrack } from 'solid-js';
import type { Message } from '../../../shared/domain';
import { useApp } from '../context';
import { createTimelineStore } from '../stores/createTimelineStore';
import { MessageList } from './MessageList';
import { Composer, type ComposerMode } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { ConversationInfoPanel } from './ConversationInfoPanel';

export interface ConversationViewProps {
  convId: string;
  jumpTo: { messageId: string; nonce: number } | null;
  onOpenConversation: (convId: string) => void;
}

/** One open conversation: header, virtualized history, composer and (optionally) the info panel. */
export function ConversationView(props: ConversationViewProps) {
  const { api, conversations, report, i18n } = useApp();
  const convId = untrack(() => props.convId);
  const timeline = createTimelineStore(api, convId);
  onCleanup(() => timeline.dispose());
  const conversation = () => conversations.byId[convId];
  /** Fixed when the conversation opens, so the marker stays put while it is being read. */
  const firstUnreadId = untrack(() => conversation()?.firstUnreadId ?? null);
  const [mode, setMode] = createSignal<ComposerMode>(null);
  const [infoOpen, setInfoOpen] = createSignal(false);
  const [atEnd, setAtEnd] = createSignal(true);
  let composer: HTMLTextAreaElement | undefined;

  // The first page is asked for before the view is built, so the engine's answer travels while the DOM is made.
  const jump = untrack(() => props.jumpTo?.messageId);
  const opening = jump ? timeline.jumpTo(jump) : firstUnreadId ? timeline.loadAround(firstUnreadId) : timeline.loadLatest();
  void opening.catch(report);

  // Focused once the view is on screen: focusing earlier would lay the page out once more before its first paint.
  onMount(() => {
    const frame = requestAnimationFrame(() => composer?.focus());
    onCleanup(() => cancelAnimationFrame(frame));
  });

  createEffect(on(() => props.jumpTo, (jump) => jump && void timeline.jumpTo(jump.messageId).catch(report), { defer: true }));

  // Read receipts go out when new messages are actually in view: at the bottom, with the window focused.
  createEffect(() => {
    const c = conversation();
    if (c && c.unread > 0 && atEnd() && !timeline.hasNewer() && timeline.ready()) void conversations.markRead(convId);
  });
  const onFocus = (): void => {
    if (atEnd() && (conversation()?.unread ?? 0) > 0) void conversations.markRead(convId);
  };
  window.addEventListener('focus', onFocus);
  onCleanup(() => window.removeEventListener('focus', onFocus));

  const canSend = () => conversation()?.left !== true;
  const actions = {
    onReply: (message: Message) => setMode({ kind: 'reply', message }),
    onEdit: (message: Message) => setMode({ kind: 'edit', message }),
    onDelete: (message: Message) => void timeline.remove(message.id).catch(report),
    onReact: (message: Message, emoji: string, on: boolean) => void timeline.react(message.id, emoji, on).catch(report),
    onRetry: (message: Message) => void timeline.retry(message.id).catch(report),
  };
  const editLast = (): void => {
    const last = [...timeline.messages()].reverse().find((m) => m.mine && !m.deleted && !m.system);
    if (last) setMode({ kind: 'edit', message: last });
  };

  return (
    <section class="chat" aria-label={conversation()?.title}>
      <div class="chat-main">
        <ConversationHeader convId={convId} infoOpen={infoOpen()} onToggleInfo={() => setInfoOpen((open) => !open)} />
        <MessageList
          timeline={timeline}
          firstUnreadId={firstUnreadId}
          isGroup={conversation()?.kind === 'group'}
          canSend={canSend()}
          unread={conversation()?.unread ?? 0}
          onAtEndChange={setAtEnd}
          {...actions}
        />
        <Show when={canSend()} fallback={<p class="chat-left">{i18n.t('chat.left')}</p>}>
          <Composer
            convId={convId}
            mode={mode()}
            ref={(element) => (composer = element)}
            onCancelMode={() => setMode(null)}
            onSend={(text, replyTo) => timeline.send(text, replyTo)}
            onEdit={(messageId, text) => timeline.edit(messageId, text)}
            onEditLast={editLast}
          />
        </Show>
      </div>
      <Show when={infoOpen()}>
        <ConversationInfoPanel convId={convId} onClose={() => setInfoOpen(false)} onOpenConversation={props.onOpenConversation} />
      </Show>
    </section>
  );
}
