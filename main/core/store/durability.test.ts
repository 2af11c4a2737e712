import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sql } from './sql';
import { ALICE, TempProfiles, signedInStore } from './test-support';

const profiles = new TempProfiles();
afterEach(() => {
  profiles.cleanup();
  vi.restoreAllMocks();
});

const synchronous = (sql: Sql): number => sql.db.pragma('synchronous', { simple: true }) as number;
const FULL = 2;
const NORMAL = 1;

describe('durability', () => {
  it('commits durable transactions with synchronous=FULL and returns to NORMAL, even when the work throws', () => {
    const sql = new Sql(new Database(':memory:'));
    sql.db.pragma('synchronous = NORMAL');
    expect(sql.durableTransaction(() => synchronous(sql))).toBe(FULL);
    expect(synchronous(sql)).toBe(NORMAL);
    expect(() =>
      sql.durableTransaction(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(synchronous(sql)).toBe(NORMAL);
    sql.db.close();
  });

  it("writes the user's queued messages, actions and retries durably, and received events at NORMAL", () => {
    const durable = vi.spyOn(Sql.prototype, 'durableTransaction');
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'hello')], 100);
    expect(durable).not.toHaveBeenCalled();

    store.queueMessage({ id: 'p1', convId: 'd1', text: 'first', ts: 10 });
    expect(durable).toHaveBeenCalledTimes(1);
    store.queueAction({ id: 'r1', messageId: 'p1', body: { kind: 'reaction', target: 'p1', emoji: '👍', on: true }, ts: 11 });
    expect(durable).toHaveBeenCalledTimes(2);
    store.outboxFailed('p1', 'forbidden: test');
    store.outboxRetry('p1');
    expect(durable).toHaveBeenCalledTimes(3);
  });
});
