import type { Database } from 'better-sqlite3';
import type pino from 'pino';
import type { PasswordHasher } from './accounts/passwords';
import type { Sessions } from './accounts/sessions';
import type { Users } from './accounts/users';
import type { ResolvedOptions } from './config';
import type { Conversations } from './conversations/conversations';
import type { ConversationService } from './conversations/service';
import type { Ledger } from './events/ledger';
import type { Messaging } from './events/messaging';
import type { SyncQuery } from './events/sync';
import type { Hub } from './hub/hub';
import type { Presence } from './hub/presence';
import type { RateLimiter } from './limits/rate-limiter';
import type { SupportBot } from './support-bot';

/** Everything a method handler may use; built once by `startServer`. */
export interface ServerContext {
  options: ResolvedOptions;
  logger: pino.Logger;
  db: Database;
  users: Users;
  sessions: Sessions;
  hasher: PasswordHasher;
  conversations: Conversations;
  conversationService: ConversationService;
  ledger: Ledger;
  messaging: Messaging;
  sync: SyncQuery;
  hub: Hub;
  presence: Presence;
  limiter: RateLimiter;
  support: SupportBot | null;
}
