import type { ChangeSet } from './types';

/** Collects what one write touched, so the caller can push exactly those rows to the renderer. */
export class ChangeCollector {
  private readonly conversations = new Set<string>();
  private readonly messages = new Map<string, Set<string>>();
  private readonly incoming: ChangeSet['incoming'] = [];

  conversation(convId: string): void {
    this.conversations.add(convId);
  }

  message(convId: string, messageId: string): void {
    let ids = this.messages.get(convId);
    if (ids === undefined) {
      ids = new Set();
      this.messages.set(convId, ids);
    }
    ids.add(messageId);
  }

  incomingMessage(convId: string, id: string, seq: number): void {
    this.incoming.push({ convId, id, seq });
  }

  build(): ChangeSet {
    return { conversations: new Set(this.conversations), messages: new Map(this.messages), incoming: [...this.incoming] };
  }
}

export function emptyChanges(): ChangeSet {
  return { conversations: new Set(), messages: new Map(), incoming: [] };
}
