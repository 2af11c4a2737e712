import { describe, expect, it, vi } from 'vitest';
import { subscriberName } from '../../shared/contract/api';
import { AppErrorCode, ParleyError } from '../../shared/contract/errors';
import { commandChannel, commandNames, EVENT_CHANNEL, eventNames } from '../../shared/contract/names';
import { createParleyApi, type IpcRendererLike } from './bridge';

/** A fake of exactly the ipcRenderer surface the bridge uses. */
function fakeIpcRenderer(reply: (channel: string, input: unknown) => unknown = () => ({ ok: true, value: null })) {
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const invoked: { channel: string; input: unknown }[] = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input });
      return reply(channel, input);
    },
    on: (channel, listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
  const emit = (message: unknown) => {
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener({ sender: 'ipc-event-object' }, message);
  };
  return { ipc, invoked, listeners, emit };
}

describe('createParleyApi', () => {
  it('is one frozen object with exactly one method per call and one subscriber per event', () => {
    const api = createParleyApi(fakeIpcRenderer().ipc);
    expect(Object.isFrozen(api)).toBe(true);
    const expected = [...commandNames, ...eventNames.map(subscriberName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
  });

  it('sends every call on its own channel and unwraps the value', async () => {
    const fake = fakeIpcRenderer((channel) => ({ ok: true, value: channel }));
    const api = createParleyApi(fake.ipc) as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
    for (const name of commandNames) {
      await expect(api[name]!({})).resolves.toBe(commandChannel(name));
    }
    expect(fake.invoked.map((call) => call.channel)).toEqual(commandNames.map(commandChannel));
  });

  it('passes the input through and sends {} when a call takes none', async () => {
    const fake = fakeIpcRenderer();
    const api = createParleyApi(fake.ipc);
    await api.markRead({ convId: 'c1' });
    await (api.getSession as () => Promise<unknown>)();
    expect(fake.invoked).toEqual([
      { channel: commandChannel('markRead'), input: { convId: 'c1' } },
      { channel: commandChannel('getSession'), input: {} },
    ]);
  });

  it('rethrows failures as ParleyError with their code', async () => {
    const fake = fakeIpcRenderer(() => ({ ok: false, error: { code: 'invalid_input', message: 'bad' } }));
    const api = createParleyApi(fake.ipc);
    const failure = await api.sendMessage({ convId: 'c', text: '' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ParleyError);
    expect(failure).toMatchObject({ code: AppErrorCode.InvalidInput, message: 'bad' });
  });

  it('uses a single IPC listener and delivers only the payload, to the right subscribers', () => {
    const fake = fakeIpcRenderer();
    const api = createParleyApi(fake.ipc);
    const opened = vi.fn();
    const settings = vi.fn();
    const stop = api.onOpenConversation(opened);
    api.onSettingsChanged(settings);
    expect(fake.listeners.get(EVENT_CHANNEL)).toHaveLength(1);

    fake.emit({ name: 'openConversation', payload: { convId: 'c7' } });
    expect(opened).toHaveBeenCalledExactlyOnceWith({ convId: 'c7' });
    expect(settings).not.toHaveBeenCalled();

    stop();
    fake.emit({ name: 'openConversation', payload: { convId: 'c8' } });
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('ignores unknown or malformed event messages and survives a throwing listener', () => {
    const fake = fakeIpcRenderer();
    const api = createParleyApi(fake.ipc);
    const good = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    api.onTypingChanged(() => {
      throw new Error('boom');
    });
    api.onTypingChanged(good);
    fake.emit({ name: 'constructor', payload: 1 });
    fake.emit('typingChanged');
    fake.emit(null);
    expect(good).not.toHaveBeenCalled();
    fake.emit({ name: 'typingChanged', payload: { convId: 'c', users: [] } });
    expect(good).toHaveBeenCalledOnce();
    expect(consoleError).toHaveBeenCalledOnce();
    consoleError.mockRestore();
  });

  it('refuses a subscriber that is not a function', () => {
    const api = createParleyApi(fakeIpcRenderer().ipc);
    expect(() => api.onSessionChanged(42 as never)).toThrow(TypeError);
  });
});
