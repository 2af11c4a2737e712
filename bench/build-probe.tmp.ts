import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProfileDb } from './fixtures/profile-db';
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
const r = await buildProfileDb(dir, { messages: 50_000, bigConversation: 10_000, smallConversation: 200, conversations: 200 });
console.log(r);
rmSync(dir, { recursive: true, force: true });
