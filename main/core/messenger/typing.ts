import { TYPING_TTL_MS } from '../../../shared/protocol';
import type { User } from '../../../shared/domain';

/**
 * Who is typing where, from the server's ephemeral `typing` frames. An indicator expires after TYPING_TTL_MS
 * without a refresh, so a lost "stopped typing" frame cannot leave it on forever.
 */
export class TypingTracker {
  private readonly typing = new Map<string, Map<string, NodeJS.Timeout>>();

  constructor(
    /** Resolves a member of a conversation to a user (null if unknown). */
    private readonly lookup: (convId: string, userId: string) => User | null,
    private readonly changed: (convId: string, users: User[]) => void,
    private readonly ttlMs = TYPING_TTL_MS,
  ) {}

  update(convId: string, userId: string, on: boolean): void {
    const users = this.typing.get(convId) ?? new Map<string, NodeJS.Timeout>();
    const existing = users.get(userId);
    if (existing !== undefined) clearTimeout(existing);
    if (on) {
      users.set(userId, setTimeout(() => this.update(convId, userId, false), this.ttlMs));
      this.typing.set(convId, users);
    } else {
      if (existing === undefined) return;
      users.delete(userId);
      if (users.size === 0) this.typing.delete(convId);
    }
    if (on && existing !== undefined) return;
    this.changed(convId, this.usersIn(convId));
  }

  /** A message from the user arrived: they stopped typing, whatever the last frame said. */
  stopped(convId: string, userId: string): void {
    this.update(convId, userId, false);
  }

  /** Whether anyone is shown typing in the conversation (a cheap check before looking up who sent what). */
  anyoneIn(convId: string): boolean {
    return (this.typing.get(convId)?.size ?? 0) > 0;
  }

  usersIn(convId: string): User[] {
    const users = this.typing.get(convId);
    if (users === undefined) return [];
    return [...users.keys()].flatMap((userId) => this.lookup(convId, userId) ?? []);
  }

  clear(): void {
    for (const [convId, users] of [...this.typing]) {
      for (const timer of users.values()) clearTimeout(timer);
      this.typing.delete(convId);
      this.changed(convId, []);
    }
  }

  dispose(): void {
    for (const users of this.typing.values()) for (const timer of users.values()) clearTimeout(timer);
    this.typing.clear();
  }
}
