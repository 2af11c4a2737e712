import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversationSnapshot, Event, EventBody } from '../../../shared/protocol';
import { openStore, type OpenStoreOptions } from './index';
import type { Store } from './types';

/** Temp profile directories for tests, removed by `cleanup()`. */
export class TempProfiles {
  private readonly dirs: string[] = [];
  private readonly stores: Store[] = [];

  dir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-'));
    this.dirs.push(dir);
    return dir;
  }

  open(dir = this.dir(), options?: OpenStoreOptions): Store {
    const store = openStore(dir, options);
    this.stores.push(store);
    return store;
  }

  cleanup(): void {
    for (const store of this.stores.splice(0)) store.close();
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const ME = { id: 'u-me', username: 'myself' };
export const ALICE = { id: 'u-alice', username: 'alice' };
export const BOB = { id: 'u-bob', username: 'bob' };
export const ACCOUNT = { server: 'ws://localhost:1', userId: ME.id, username: ME.username };

export function snapshot(id: string, members = [ME, ALICE], kind: 'direct' | 'group' = 'direct', title = ''): ConversationSnapshot {
  return { id, kind, title, members, createdBy: members[0]!.id, createdAt: 1_000 };
}

/** Builds server events with increasing seqs. */
export class EventFactory {
  constructor(public seq = 0) {}

  event(convId: string, senderId: string, body: EventBody, id = `e${this.seq + 1}`): Event {
    this.seq += 1;
    return { seq: this.seq, id, convId, senderId, ts: 1_000_000 + this.seq, body };
  }

  message(convId: string, senderId: string, text: string, id?: string): Event {
    return this.event(convId, senderId, { kind: 'message', text }, id);
  }

  created(conv: ConversationSnapshot, id?: string): Event {
    return this.event(conv.id, conv.createdBy, { kind: 'conversation', change: 'created', subjects: [], conv }, id);
  }
}

/** A signed-in store with one direct conversation `d1` between me and alice, created by an event at seq 1. */
export function signedInStore(profiles: TempProfiles, factory = new EventFactory(), dir?: string): { store: Store; factory: EventFactory } {
  const store = profiles.open(dir);
  store.setAccount(ACCOUNT);
  store.applyEvents([factory.created(snapshot('d1'))], factory.seq);
  return { store, factory };
}
