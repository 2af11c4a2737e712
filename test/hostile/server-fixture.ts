import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerLimits } from '../../server/index';
import { WireClient } from './wire-client';

export const PASSWORD = 'correct horse battery';

/** A real server in this process on an ephemeral port with its own temp data dir, removed on dispose. */
export async function startTestServer(limits: Partial<ServerLimits> = {}): Promise<{ server: RunningServer; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-hostile-'));
  try {
    const server = await startServer({ port: 0, dataDir, supportBot: false, limits, insecureFastPasswordHashingForTestsOnly: true });
    return {
      server,
      dataDir,
      dispose: async () => {
        await server.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Registers `count` users named `<prefix>N` and returns their session tokens (sockets closed). */
export async function registerUsers(url: string, prefix: string, count: number): Promise<{ token: string; userId: string; username: string }[]> {
  const users = [];
  for (let i = 0; i < count; i++) {
    const client = await WireClient.open(url);
    try {
      const session = await client.register(`${prefix}${i}`, PASSWORD);
      users.push({ token: session.token, userId: session.user.id, username: session.user.username });
    } finally {
      client.close();
    }
  }
  return users;
}
