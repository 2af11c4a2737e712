import os from 'node:os';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { FileSessionVault, Messenger, type ConnectionTimings } from '../core/index';
import { createLogger, type Logger } from '../core/logger';
import { startWebShell, type WebShell } from './webShell';

export interface RunWebShellOptions {
  profileDir: string;
  /** Pre-fills the sign-in form's server address. */
  server?: string;
  port: number;
  /** Repository root, where `out/renderer` and `out/web-bridge` are built. */
  root: string;
  token?: string;
  logger?: Logger;
  /** Shorter reconnect intervals for tests. */
  connection?: Partial<ConnectionTimings>;
}

/** One client "device" in a browser: the engine for a profile plus the web shell in front of it. */
export async function runWebShell(options: RunWebShellOptions): Promise<WebShell> {
  await mkdir(options.profileDir, { recursive: true });
  const logger = options.logger ?? createLogger({ name: 'parley-web' });
  const messenger = await Messenger.open({
    profileDir: options.profileDir,
    vault: new FileSessionVault(options.profileDir),
    capabilities: { shell: 'web', platform: os.platform(), closeToTray: false, startAtLogin: false, notifications: false },
    logger,
    defaultServer: options.server,
    connection: options.connection,
  });
  let shell: WebShell;
  try {
    shell = await startWebShell({
      engine: messenger,
      port: options.port,
      rendererDir: path.join(options.root, 'out/renderer'),
      bridgeFile: path.join(options.root, 'out/web-bridge/bridge.js'),
      token: options.token,
    });
  } catch (error) {
    await messenger.dispose();
    throw error;
  }
  return {
    port: shell.port,
    token: shell.token,
    url: shell.url,
    async close() {
      await shell.close();
      await messenger.dispose();
    },
  };
}
