import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { useApp } from '../context';
import { Sidebar } from './Sidebar';
import { ConversationView } from './ConversationView';
import { QuickSwitcher } from './QuickSwitcher';
import { NewConversationDialog } from './NewConversationDialog';
import { SettingsDialog } from './SettingsDialog';

type DialogName = 'switcher' | 'new' | 'settings' | null;

/** Signed in: the conversation list on the left, the open conversation on the right. */
export function MainScreen() {
  const { conversations, api, report, i18n } = useApp();
  const [dialog, setDialog] = createSignal<DialogName>(null);
  /** A message to bring into view once its conversation is open (search hit). */
  const [jump, setJump] = createSignal<{ convId: string; messageId: string; nonce: number } | null>(null);

  const open = (convId: string, messageId?: string): void => {
    conversations.select(convId);
    if (messageId) setJump({ convId, messageId, nonce: Date.now() });
  };

  onMount(() => {
    void conversations.load().catch(report);
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setDialog((current) => (current === 'switcher' ? null : 'switcher'));
      } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault();
        const list = conversations.sorted();
        const index = list.findIndex((c) => c.id === conversations.activeId());
        const next = list[Math.max(0, Math.min(list.length - 1, index + (event.key === 'ArrowUp' ? -1 : 1)))];
        if (next) open(next.id);
      }
    };
    window.addEventListener('keydown', onKey);
    const stopOpen = api.onOpenConversation(({ convId }) => open(convId));
    onCleanup(() => {
      window.removeEventListener('keydown', onKey);
      stopOpen();
    });
  });

  return (
    <div class="main-screen">
      <Sidebar onOpen={open} onNew={() => setDialog('new')} onSettings={() => setDialog('settings')} />
      <Show
        when={conversations.activeId()}
        keyed
        fallback={
          <section class="chat-empty" aria-label={i18n.t('chat.messages')}>
            <p>{i18n.t('chat.empty')}</p>
          </section>
        }
      >
        {(convId) => (
          <ConversationView
            convId={convId}
            jumpTo={jump()?.convId === convId ? jump() : null}
            onOpenConversation={open}
          />
        )}
      </Show>
      <Switch>
        <Match when={dialog() === 'switcher'}>
          <QuickSwitcher onClose={() => setDialog(null)} onOpen={(id) => open(id)} />
        </Match>
        <Match when={dialog() === 'new'}>
          <NewConversationDialog onClose={() => setDialog(null)} onOpen={(id) => open(id)} />
        </Match>
        <Match when={dialog() === 'settings'}>
          <SettingsDialog onClose={() => setDialog(null)} />
        </Match>
      </Switch>
    </div>
  );
}
