import type { Logger } from 'pino';
import type { ConnectionState } from '../../../shared/domain';
import type { PresenceInfo } from '../../../shared/protocol';
import { Connection, type AuthenticatedSession, type Credentials, type TerminalFailure } from '../connection/connection';
import type { ConnectionTimings } from '../connection/timings';
import { OutboxSender } from '../outbox/sender';
import { ReceiptSender } from '../outbox/receipts';
import type { ChangeSet, OutboxItem, Store } from '../store/types';
import { Syncer, type ApplyOrigin } from '../sync/syncer';

export interface LinkTuning {
  /** Events per sync page. */
  syncPageSize?: number;
  /** Posts in flight at once. */
  outboxWindow?: number;
  receiptDebounceMs?: number;
}

export interface ServerLinkOptions {
  url: string;
  credentials: Credentials;
  store: Store;
  timings: ConnectionTimings;
  tuning: LinkTuning;
  logger: Logger;
  ca?: string | Buffer;
  onAuthenticated(session: AuthenticatedSession): Promise<void> | void;
  onChanges(changes: ChangeSet, origin: ApplyOrigin | 'outbox', firstSync: boolean): void;
  onState(state: ConnectionState): void;
  onTerminated(failure: TerminalFailure): void;
  onTyping(frame: { convId: string; userId: string; on: boolean }): void;
  onPresence(presence: PresenceInfo): void;
}

/** One signed-in session with one server: the connection plus the sync, outbox and receipt layers riding on it. */
export class ServerLink {
  readonly connection: Connection;
  private readonly syncer: Syncer;
  private readonly outbox: OutboxSender;
  private readonly receipts: ReceiptSender;
  private wasOnline = false;

  constructor(options: ServerLinkOptions) {
    const { store, logger, tuning } = options;
    const isOnline = () => this.connection.isOnline;
    this.syncer = new Syncer({
      rpc: { call: (method, params, callOptions) => this.connection.call(method, params, callOptions) },
      store,
      logger,
      onApplied: options.onChanges,
      onLiveFailure: () => this.connection.reconnect('could not store live events; syncing again'),
      ...(tuning.syncPageSize !== undefined ? { pageSize: tuning.syncPageSize } : {}),
    });
    this.outbox = new OutboxSender({
      rpc: { call: (method, params, callOptions) => this.connection.call(method, params, callOptions) },
      store,
      isOnline,
      logger,
      onChanges: (changes) => options.onChanges(changes, 'outbox', false),
      ...(tuning.outboxWindow !== undefined ? { window: tuning.outboxWindow } : {}),
    });
    this.receipts = new ReceiptSender({
      rpc: { call: (method, params, callOptions) => this.connection.call(method, params, callOptions) },
      store,
      isOnline,
      logger,
      ...(tuning.receiptDebounceMs !== undefined ? { debounceMs: tuning.receiptDebounceMs } : {}),
    });
    this.connection = new Connection({
      url: options.url,
      credentials: options.credentials,
      timings: options.timings,
      logger,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      hooks: {
        authenticated: options.onAuthenticated,
        synchronize: (report) => this.syncer.catchUp(report),
        events: (events) => this.syncer.receive(events),
        typing: options.onTyping,
        presence: options.onPresence,
        disconnected: () => this.syncer.reset(),
        terminated: options.onTerminated,
        stateChanged: (state) => {
          options.onState(state);
          const online = state.state === 'online';
          if (online && !this.wasOnline) {
            this.outbox.connectionChanged();
            this.outbox.kick();
            this.receipts.online();
          }
          this.wasOnline = online;
        },
      },
    });
  }

  start(): void {
    this.connection.start();
  }

  /** Something was queued: send it if online (otherwise it goes out once the connection is back). */
  sendQueued(): void {
    this.outbox.kick();
  }

  /** Posts messages ahead of their commit if nothing older waits to be sent (see OutboxSender.postAhead). */
  postAhead(items: OutboxItem[]): boolean {
    return this.outbox.postAhead(items);
  }

  messagesStored(): void {
    this.receipts.deliveredLater();
  }

  read(convId: string, upTo: number): void {
    this.receipts.read(convId, upTo);
  }

  dispose(reason = 'closed'): void {
    this.outbox.dispose();
    this.receipts.dispose();
    this.syncer.reset();
    this.connection.stop(reason);
    this.connection.dispose();
  }
}
