import { MAX_GROUP_MEMBERS, type ConversationBody, type ConversationSnapshot } from '../../shared/protocol';
import type { Users } from '../accounts/users';
import type { Appender } from '../events/ledger';
import type { EventStore } from '../events/store';
import { newId } from '../ids';
import { forbidden, invalid, notFound } from '../rpc/errors';
import { type ConversationRow, type Conversations, directKey } from './conversations';

type Change = ConversationBody['change'];

/**
 * Conversation changes. Each one runs inside a ledger transaction and stores a `conversation` event carrying the full
 * snapshot after the change. Membership windows start at that event (new members see it) and end at it (members
 * who leave or are removed see it, then nothing more).
 */
export class ConversationService {
  constructor(
    private readonly conversations: Conversations,
    private readonly users: Users,
    private readonly events: EventStore,
  ) {}

  /** The direct conversation of the pair, created (with its `created` event) if it does not exist. */
  direct(tx: Appender, actorId: string, otherId: string): ConversationSnapshot {
    if (otherId === actorId) throw invalid('a direct conversation needs another user');
    if (!this.users.member(otherId)) throw notFound('user');
    const existing = this.conversations.directId(actorId, otherId);
    if (existing) return this.conversations.snapshot(existing);
    const id = newId();
    this.conversations.insert({ id, kind: 'direct', title: '', createdBy: actorId, createdAt: Date.now(), directKey: directKey(actorId, otherId) });
    return this.record(tx, id, actorId, 'created', [actorId, otherId], () => {
      const seq = this.events.nextSeq();
      this.conversations.join(id, actorId, seq);
      this.conversations.join(id, otherId, seq);
    });
  }

  /** Idempotent by the creator's `key`: a repeated call returns the group as it is now. */
  createGroup(tx: Appender, actorId: string, key: string, title: string, memberIds: readonly string[]): ConversationSnapshot {
    const existing = this.conversations.groupIdByCreateKey(actorId, key);
    if (existing) {
      if (!this.conversations.visibleTo(existing, actorId)) throw notFound('conversation');
      return this.conversations.snapshot(existing);
    }
    const members = unique([actorId, ...memberIds]);
    if (members.length > MAX_GROUP_MEMBERS) throw invalid(`a group has at most ${MAX_GROUP_MEMBERS} members`);
    this.requireUsers(members);
    const id = newId();
    this.conversations.insert({ id, kind: 'group', title, createdBy: actorId, createdAt: Date.now(), createKey: key });
    return this.record(tx, id, actorId, 'created', members, () => {
      const seq = this.events.nextSeq();
      for (const userId of members) this.conversations.join(id, userId, seq);
    });
  }

  /** Any member may add; users already in the group are skipped (nothing is stored if nobody is new). */
  addMembers(tx: Appender, actorId: string, convId: string, userIds: readonly string[]): ConversationSnapshot {
    const conv = this.group(convId, actorId);
    const current = this.conversations.members(convId);
    const added = unique(userIds).filter((userId) => !current.has(userId));
    if (added.length === 0) return this.conversations.snapshot(convId);
    if (current.size + added.length > MAX_GROUP_MEMBERS) throw invalid(`a group has at most ${MAX_GROUP_MEMBERS} members`);
    this.requireUsers(added);
    return this.record(tx, conv.id, actorId, 'members_added', added, () => {
      const seq = this.events.nextSeq();
      for (const userId of added) this.conversations.join(convId, userId, seq);
    });
  }

  /** Only the creator removes others; removing yourself is leaving. */
  removeMember(tx: Appender, actorId: string, convId: string, userId: string): ConversationSnapshot {
    if (userId === actorId) return this.leave(tx, actorId, convId);
    const conv = this.group(convId, actorId);
    if (conv.createdBy !== actorId) throw forbidden('only the creator of a group removes members');
    if (!this.conversations.members(convId).has(userId)) throw notFound('member');
    return this.record(tx, convId, actorId, 'member_removed', [userId], () => {
      this.conversations.part(convId, userId, this.events.nextSeq());
    });
  }

  leave(tx: Appender, actorId: string, convId: string): ConversationSnapshot {
    this.group(convId, actorId);
    return this.record(tx, convId, actorId, 'member_left', [actorId], () => {
      this.conversations.part(convId, actorId, this.events.nextSeq());
    });
  }

  rename(tx: Appender, actorId: string, convId: string, title: string): ConversationSnapshot {
    const conv = this.group(convId, actorId);
    if (conv.title === title) return this.conversations.snapshot(convId);
    this.conversations.setTitle(convId, title);
    return this.record(tx, convId, actorId, 'renamed', [], () => {});
  }

  /** A group the actor is a member of; direct conversations refuse membership changes and titles. */
  private group(convId: string, actorId: string): ConversationRow {
    const conv = this.conversations.visibleTo(convId, actorId);
    if (!conv) throw notFound('conversation');
    if (conv.kind !== 'group') throw forbidden('direct conversations have fixed members and no title');
    return conv;
  }

  private requireUsers(userIds: readonly string[]): void {
    for (const userId of userIds) if (!this.users.member(userId)) throw notFound('user');
  }

  /** Applies the membership change, then stores the event with the snapshot after it. */
  private record(tx: Appender, convId: string, actorId: string, change: Change, subjects: string[], apply: () => void): ConversationSnapshot {
    const before = this.conversations.members(convId);
    const leaving = change === 'member_removed' || change === 'member_left' ? subjects.filter((id) => before.has(id)) : [];
    apply();
    const conv = this.conversations.snapshot(convId);
    tx.append({ convId, senderId: actorId, body: { kind: 'conversation', change, subjects, conv }, alsoTo: leaving });
    return conv;
  }
}

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];
