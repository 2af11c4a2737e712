import { openStore } from '../../main/core/store';
import type { MessagePage } from '../../shared/domain';
import type { CheckInput, MemberView, StoredMessage } from './checker';
import type { Cluster } from './cluster';
import { readJournal } from './journal';
import type { Conversations } from './sender';

/** Every message of one conversation in a store, oldest first, through the store's keyset paging. */
function readConversation(store: ReturnType<typeof openStore>, convId: string): StoredMessage[] {
  const pages: StoredMessage[][] = [];
  let page: MessagePage = store.pageMessages(convId, { kind: 'latest' }, 200);
  for (let guard = 0; guard < 100_000; guard++) {
    pages.unshift(page.messages.filter((m) => m.system === null).map((m) => ({ id: m.id, senderId: m.senderId, text: m.text, seq: m.seq })));
    if (!page.hasOlder || page.messages.length === 0) break;
    page = store.pageMessages(convId, { kind: 'before', sortKey: page.messages[0]!.sortKey }, 200);
  }
  return pages.flat();
}

/** Reads what the checker judges, from the files alone, after every engine was stopped. */
export function gatherFinalState(cluster: Cluster, conversations: Conversations): CheckInput {
  const convs = [conversations.direct, conversations.group];
  const views: MemberView[] = [];
  const outboxes: CheckInput['outboxes'] = [];
  for (const user of cluster.users) {
    const store = openStore(user.profileDir);
    try {
      outboxes.push({ userId: user.userId, size: store.outboxSize() });
      for (const conv of convs) {
        if (conv.memberIds.includes(user.userId)) views.push({ userId: user.userId, convId: conv.id, messages: readConversation(store, conv.id) });
      }
    } finally {
      store.close();
    }
  }
  const sent = cluster.users.flatMap((user) => readJournal(user.journalPath, user.userId));
  return { conversations: convs, sent, views, outboxes };
}
