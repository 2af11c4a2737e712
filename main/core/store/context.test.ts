import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { StoreContext } from './context';
import { openDatabase } from './open';
import { Sql } from './sql';
import { ALICE, BOB, ME, TempProfiles, signedInStore, snapshot } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('cached members and names', () => {
  it('follow membership changes and renames in the summaries pushed after them', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.created(snapshot('g1', [ME, ALICE], 'group', 'Team'))], factory.seq);
    expect(store.getConversations(['g1'])[0]!.members).toEqual([ME, ALICE]);
    expect(store.listConversations().find((c) => c.id === 'd1')!.title).toBe('alice');

    const added = snapshot('g1', [ME, ALICE, BOB], 'group', 'Team');
    store.applyEvents([factory.event('g1', ME.id, { kind: 'conversation', change: 'members_added', subjects: [BOB.id], conv: added })], factory.seq);
    expect(store.getConversations(['g1'])[0]!.members).toEqual([ME, ALICE, BOB]);

    const renamed = { id: ALICE.id, username: 'alice2' };
    store.upsertConversations([snapshot('d1', [ME, renamed])]);
    expect(store.getConversations(['g1', 'd1']).map((c) => [c.id, c.members.map((m) => m.username)])).toEqual(
      expect.arrayContaining([
        ['g1', ['myself', 'alice2', 'bob']],
        ['d1', ['myself', 'alice2']],
      ]),
    );
    expect(store.listConversations().find((c) => c.id === 'd1')!.title).toBe('alice2');
  });

  it('forget what was read inside a transaction that rolled back', () => {
    const dir = profiles.dir();
    signedInStore(profiles, undefined, dir).store.close();
    const db = openDatabase(path.join(dir, 'parley.db'), { busyTimeoutMs: 1_000, logger: silentLogger });
    try {
      const ctx = new StoreContext(new Sql(db), silentLogger);
      expect(ctx.membersOf('d1')).toEqual([ME, ALICE]);
      expect(() =>
        ctx.sql.transaction(() => {
          ctx.sql.run("INSERT INTO users (id, username) VALUES ('u-zed', 'zed')");
          ctx.sql.run("INSERT INTO members (conv_id, user_id, position) VALUES ('d1', 'u-zed', 2)");
          ctx.membersChanged('d1');
          ctx.usersChanged();
          expect(ctx.membersOf('d1').map((member) => member.username)).toEqual(['myself', 'alice', 'zed']);
          expect(ctx.username('u-zed')).toBe('zed');
          throw new Error('undone');
        }),
      ).toThrow('undone');
      expect(ctx.membersOf('d1')).toEqual([ME, ALICE]);
      expect(ctx.username('u-zed')).toBeNull();
    } finally {
      db.close();
    }
  });
});
