import type { Messenger, MessengerOptions, SessionVault } from '../../main/core/index';
import type { Capabilities } from '../../shared/domain';
import { loadModule } from '../fixtures/modules';

/** The engine as the shells use it, loaded lazily (see fixtures/modules.ts). */
export interface Engine {
  Messenger: { open(options: MessengerOptions): Promise<Messenger> };
  FileSessionVault: new (profileDir: string) => SessionVault;
  dispatchCommand: (handlers: Messenger, name: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  silentLogger: NonNullable<MessengerOptions['logger']>;
  BackgroundThreads: new (logger: NonNullable<MessengerOptions['logger']>) => { dispose(): void };
}

export async function loadEngine(): Promise<Engine> {
  const path = 'main/core/index.ts';
  return {
    Messenger: await loadModule<Engine['Messenger']>(path, 'Messenger'),
    FileSessionVault: await loadModule<Engine['FileSessionVault']>(path, 'FileSessionVault'),
    dispatchCommand: await loadModule<Engine['dispatchCommand']>(path, 'dispatchCommand'),
    silentLogger: await loadModule<Engine['silentLogger']>(path, 'silentLogger'),
    BackgroundThreads: await loadModule<Engine['BackgroundThreads']>(path, 'BackgroundThreads'),
  };
}

export const benchCapabilities: Capabilities = { shell: 'web', platform: process.platform, closeToTray: false, startAtLogin: false, notifications: false };

export async function openEngine(engine: Engine, profileDir: string): Promise<Messenger> {
  return engine.Messenger.open({ profileDir, vault: new engine.FileSessionVault(profileDir), capabilities: benchCapabilities, logger: engine.silentLogger });
}

/** Unwraps a dispatchCommand outcome the way the renderer bridge does. */
export function unwrap<T>(outcome: { ok: boolean; value?: unknown; error?: { code: string; message: string } }): T {
  if (!outcome.ok) throw new Error(`${outcome.error?.code}: ${outcome.error?.message}`);
  return outcome.value as T;
}
