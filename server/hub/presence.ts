import type { PresenceInfo, ServerFrame } from '../../shared/protocol';
import type { Users } from '../accounts/users';
import type { Conversations } from '../conversations/conversations';
import type { Hub } from './hub';

/**
 * Online = at least one authenticated socket. Changes go to the users who share a conversation with the user (and
 * only to them); `lastSeen` is stored when the user connects and when the last socket closes.
 */
export class Presence {
  constructor(
    private readonly hub: Hub,
    private readonly users: Users,
    private readonly conversations: Conversations,
  ) {}

  changed(userId: string, online: boolean): void {
    const now = Date.now();
    this.users.setLastSeen(userId, now);
    const frame = JSON.stringify({ type: 'presence', presence: { userId, online, lastSeen: now } } satisfies ServerFrame);
    const sockets = this.conversations
      .coMembers(userId)
      .filter((other) => other !== userId)
      .flatMap((other) => [...this.hub.socketsOf(other)]);
    this.hub.sendToAll(sockets, frame);
  }

  /** What `caller` may know about `userIds`: users sharing no conversation with the caller look offline, never seen. */
  lookup(caller: string, userIds: readonly string[]): PresenceInfo[] {
    return userIds.map((userId) => {
      if (!this.conversations.sharesConversation(caller, userId)) return { userId, online: false, lastSeen: null };
      return { userId, online: this.hub.isOnline(userId), lastSeen: this.users.get(userId)?.lastSeen ?? null };
    });
  }
}
