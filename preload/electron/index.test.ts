import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandNames } from '../../shared/contract/names';

const exposed: { key: string; value: unknown }[] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push({ key, value }) },
  ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => undefined },
}));

describe('the preload entry', () => {
  afterEach(() => vi.resetModules());

  it('exposes exactly one frozen object, window.parley, and not ipcRenderer', async () => {
    await import('./index');
    expect(exposed.map((entry) => entry.key)).toEqual(['parley']);
    const api = exposed[0]!.value as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api)).toEqual(expect.arrayContaining([...commandNames]));
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.keys(api)).not.toContain('invoke');
  });
});
