/**
 * Child-process entry: one user's real engine (Messenger + its SQLite profile), driven by the chaos parent over
 * the IPC channel. Every call goes through `dispatchCommand`, the same entry the renderer's calls take. The
 * parent may SIGKILL this process at any moment; the next start resumes the same profile from its vault.
 */
import { dispatchCommand, FileSessionVault, Messenger, createLogger } from '../../main/core/index';
import type { MessagePage, SessionState } from '../../shared/domain';
import type { EngineStatus, FromEngine, ToEngine } from './engine-protocol';
import { SendJournal } from './journal';

let messenger: Messenger | null = null;
let journal: SendJournal | null = null;

function reply(message: FromEngine): void {
  process.send?.(message);
}

async function start(message: Extract<ToEngine, { type: 'start' }>): Promise<void> {
  const logger = createLogger({ name: `engine:${message.signIn?.username ?? 'resume'}`, level: process.env.PARLEY_LOG_LEVEL ?? 'warn' });
  messenger = await Messenger.open({
    profileDir: message.profileDir,
    vault: new FileSessionVault(message.profileDir),
    capabilities: { shell: 'web', platform: process.platform, closeToTray: false, startAtLogin: false, notifications: false },
    connection: message.timings,
    logger,
  });
  let session = (await dispatchCommand(messenger, 'getSession', {})) as { ok: true; value: SessionState } | { ok: false };
  if (message.signIn && (!session.ok || !session.value.signedIn)) {
    const { server, username, password, register } = message.signIn;
    const outcome = await dispatchCommand(messenger, register ? 'register' : 'signIn', { server, username, password, staySignedIn: true });
    if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.error.code} ${outcome.error.message}`);
    session = (await dispatchCommand(messenger, 'getSession', {})) as typeof session;
  }
  if (!session.ok || !session.value.signedIn) throw new Error('the profile has no session to resume');
  journal = new SendJournal(message.journalPath);
  reply({ type: 'ready', userId: session.value.user.id });
}

async function send(convId: string, text: string) {
  // The intent is durable before the engine sees the text, the id once the engine returned it: whatever moment
  // a SIGKILL lands, the checker knows which sends the user saw complete.
  journal!.append({ t: 'intent', convId, text });
  const outcome = await dispatchCommand(messenger!, 'sendMessage', { convId, text });
  if (outcome.ok) journal!.append({ t: 'sent', text, id: (outcome.value as { id: string }).id });
  return outcome;
}

/**
 * Acknowledged messages per conversation (system lines excluded) and this user's messages still waiting for an
 * acknowledgement, read through the public paging call. (The profile is locked while its engine runs, so the
 * outbox table itself is only read after the engine stopped.)
 */
async function countMessages(): Promise<{ counts: Record<string, number>; unacknowledged: number }> {
  const counts: Record<string, number> = {};
  let unacknowledged = 0;
  const list = await dispatchCommand(messenger!, 'listConversations', {});
  if (!list.ok) throw new Error(list.error.message);
  for (const conv of list.value as { id: string }[]) {
    let count = 0;
    let anchor: { kind: 'latest' } | { kind: 'before'; sortKey: number } = { kind: 'latest' };
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await dispatchCommand(messenger!, 'pageMessages', { convId: conv.id, anchor, limit: 200 });
      if (!page.ok) throw new Error(page.error.message);
      const { messages, hasOlder } = page.value as MessagePage;
      count += messages.filter((m) => m.system === null && m.seq !== null).length;
      unacknowledged += messages.filter((m) => m.mine && m.seq === null).length;
      if (!hasOlder || messages.length === 0) break;
      anchor = { kind: 'before', sortKey: messages[0]!.sortKey };
    }
    counts[conv.id] = count;
  }
  return { counts, unacknowledged };
}

async function status(): Promise<EngineStatus> {
  const connection = (await messenger!.getConnection()).state;
  const { counts, unacknowledged } = await countMessages();
  return { connection, outbox: unacknowledged, counts };
}

async function stop(): Promise<void> {
  await messenger?.dispose();
  journal?.close();
  process.exit(0);
}

process.on('message', (message: ToEngine) => {
  const run = async () => {
    switch (message.type) {
      case 'start':
        return start(message);
      case 'send':
        return reply({ type: 'reply', reqId: message.reqId, outcome: await send(message.convId, message.text) });
      case 'call':
        return reply({ type: 'reply', reqId: message.reqId, outcome: await dispatchCommand(messenger!, message.name, message.input) });
      case 'status':
        return reply({ type: 'status', reqId: message.reqId, status: await status() });
      case 'stop':
        return stop();
    }
  };
  run().catch((error: unknown) => {
    reply({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  });
});

// Never outlive the parent: a chaos run that dies must not leave engines behind.
process.on('disconnect', () => process.exit(0));
