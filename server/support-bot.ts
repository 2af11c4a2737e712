import type { Member } from '../shared/protocol';
import { UNUSABLE_PASSWORD } from './accounts/passwords';
import type { Users } from './accounts/users';
import type { Conversations } from './conversations/conversations';
import type { ConversationService } from './conversations/service';
import type { Appender } from './events/ledger';

export const SUPPORT_USERNAME = 'support';

/**
 * The support desk: a `support` account that nobody can sign in to. It opens a direct conversation with every new
 * user and welcomes them, and answers every message written to it. Everything it says is a stored event, so a user
 * who registers and syncs only later still gets it.
 */
export class SupportBot {
  readonly account: Member;

  constructor(
    private readonly texts: { welcome: string; autoReply: string },
    users: Users,
    private readonly conversations: Conversations,
    private readonly service: ConversationService,
  ) {
    this.account = users.byUsername(SUPPORT_USERNAME) ?? users.create(SUPPORT_USERNAME, UNUSABLE_PASSWORD, Date.now())!;
  }

  /** In the registration transaction: the conversation with support and the welcome message. */
  welcome(tx: Appender, userId: string): void {
    const conv = this.service.direct(tx, this.account.id, userId);
    tx.append({ convId: conv.id, senderId: this.account.id, body: { kind: 'message', text: this.texts.welcome } });
  }

  /** In the transaction of a user's message: the automatic reply, stored right after it. */
  afterMessage(tx: Appender, convId: string, senderId: string): void {
    if (senderId === this.account.id) return;
    if (this.conversations.directId(senderId, this.account.id) !== convId) return;
    tx.append({ convId, senderId: this.account.id, body: { kind: 'message', text: this.texts.autoReply } });
  }
}
