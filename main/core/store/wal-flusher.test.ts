import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from './index';
import { Sql } from './sql';
import { ACCOUNT, EventFactory, TempProfiles, snapshot } from './test-support';
import type { SyncFile } from './wal-flusher';

const profiles = new TempProfiles();
afterEach(() => {
  profiles.cleanup();
  vi.restoreAllMocks();
});

/** A disk sync the test finishes by hand, recording which file each call was for. */
function heldSyncs() {
  const calls: { file: string; finish: () => void; fail: (error: Error) => void }[] = [];
  const syncFile: SyncFile = (fd) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ file: fs.readlinkSync(`/proc/self/fd/${fd}`), finish: resolve, fail: reject });
    });
  return { calls, syncFile };
}

function storeWith(syncFile: SyncFile) {
  const dir = profiles.dir();
  const store = profiles.open(dir, { syncFile });
  store.setAccount(ACCOUNT);
  const factory = new EventFactory();
  store.applyEvents([factory.created(snapshot('d1'))], factory.seq);
  return { store, wal: path.join(dir, `${DATABASE_FILE}-wal`) };
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe.runIf(process.platform === 'linux')('WalFlusher', () => {
  it('commits queued messages without syncing inside the commit, then syncs the WAL file off the event loop', async () => {
    const durable = vi.spyOn(Sql.prototype, 'durableTransaction');
    const { calls, syncFile } = heldSyncs();
    const { store, wal } = storeWith(syncFile);
    const [outcome] = store.queueMessages([{ id: 'p1', convId: 'd1', text: 'hello', ts: 10 }]);
    expect(outcome?.ok).toBe(true);
    expect(durable).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);

    const flushed = store.flushToDisk();
    expect(calls.map((call) => call.file)).toEqual([wal]);
    expect(await settled(flushed)).toBe(false);
    calls[0]!.finish();
    expect(await settled(flushed)).toBe(true);
  });

  it('lets callers that arrive during a sync share the next one, started after the running one ends', async () => {
    const { calls, syncFile } = heldSyncs();
    const { store } = storeWith(syncFile);
    const first = store.flushToDisk();
    const second = store.flushToDisk();
    const third = store.flushToDisk();
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    expect(await settled(first)).toBe(true);
    // The running sync may have started before the later callers' commits: they wait for a new one.
    expect(await settled(second)).toBe(false);
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('reports a failed sync to the caller and syncs again on the next call', async () => {
    const { calls, syncFile } = heldSyncs();
    const { store } = storeWith(syncFile);
    const failing = store.flushToDisk();
    calls[0]!.fail(new Error('EIO: i/o error'));
    await expect(failing).rejects.toThrow('EIO');
    const next = store.flushToDisk();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('with the real fdatasync, resolves and releases the WAL descriptor when the store closes', async () => {
    const dir = profiles.dir();
    const store = profiles.open(dir);
    store.setAccount(ACCOUNT);
    const openWalDescriptors = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(path.join(dir, `${DATABASE_FILE}-wal`));
        } catch {
          return false;
        }
      }).length;
    const before = openWalDescriptors();
    await store.flushToDisk();
    expect(openWalDescriptors()).toBe(before + 1);
    store.close();
    expect(openWalDescriptors()).toBe(0);
  });
});
