import { ErrorCode, type PostableBody } from '../../shared/protocol';
import type { Conversations } from '../conversations/conversations';
import { forbidden, notFound, RpcError } from '../rpc/errors';
import type { Ack, Appender } from './ledger';
import type { Receipts } from './receipts';
import type { EventStore, StoredRef } from './store';

/** Posting events and moving receipts: every rule about who may write what. */
export class Messaging {
  constructor(
    private readonly conversations: Conversations,
    private readonly events: EventStore,
    private readonly receiptsDb: Receipts,
  ) {}

  /**
   * Stores a client event. Idempotent by id: the same id from the same sender in the same conversation returns the
   * original ack and stores nothing (`stored: false`).
   */
  post(tx: Appender, senderId: string, convId: string, id: string, body: PostableBody): { ack: Ack; stored: boolean } {
    const existing = this.events.byId(id);
    if (existing && existing.senderId === senderId && existing.convId === convId) {
      return { ack: { id, seq: existing.seq, ts: existing.ts }, stored: false };
    }
    const joinedSeq = this.conversations.members(convId).get(senderId);
    if (joinedSeq === undefined) throw notFound('conversation');
    if (existing) throw new RpcError(ErrorCode.Conflict, `event id ${id} is already used by another event`);
    switch (body.kind) {
      case 'message':
        if (body.replyTo !== undefined) this.target(body.replyTo, convId, joinedSeq);
        break;
      case 'edit': {
        const target = this.ownTarget(body.target, convId, joinedSeq, senderId);
        if (isDeleted(target)) throw forbidden('a deleted message cannot be edited');
        break;
      }
      case 'delete':
        this.events.redactMessage(body.target, convId, this.ownTarget(body.target, convId, joinedSeq, senderId));
        break;
      case 'reaction':
        this.target(body.target, convId, joinedSeq);
        break;
    }
    return { ack: tx.append({ convId, senderId, body, id }), stored: true };
  }

  /**
   * Moves the caller's receipt forward (clamped to the conversation's head) and stores a `receipt` event when it moved.
   * Returns the caller's value after the call.
   */
  receipt(tx: Appender, userId: string, convId: string, receipt: 'delivered' | 'read', upTo: number): number {
    if (!this.conversations.members(convId).has(userId)) throw notFound('conversation');
    const current = this.receiptsDb.get(convId, userId, receipt);
    const clamped = Math.min(upTo, this.events.convHead(convId));
    if (clamped <= current) return current;
    this.receiptsDb.set(convId, userId, receipt, clamped);
    tx.append({ convId, senderId: userId, body: { kind: 'receipt', receipt, upTo: clamped } });
    return clamped;
  }

  /** A message of this conversation that the caller can see (inside their current window). */
  private target(id: string, convId: string, joinedSeq: number): StoredRef {
    const target = this.events.byId(id);
    if (!target || target.convId !== convId || target.kind !== 'message' || target.seq < joinedSeq) throw notFound('message');
    return target;
  }

  private ownTarget(id: string, convId: string, joinedSeq: number, senderId: string): StoredRef {
    const target = this.target(id, convId, joinedSeq);
    if (target.senderId !== senderId) throw forbidden('only the sender may edit or delete a message');
    return target;
  }
}

const isDeleted = (ref: StoredRef): boolean => (JSON.parse(ref.body) as { deleted?: boolean }).deleted === true;
