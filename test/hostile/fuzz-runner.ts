import fc from 'fast-check';
import { WebSocket } from 'ws';
import { CloseCode, errorCodes, parseServerFrame, type ServerFrame } from '../../shared/protocol';
import { hostileCase, type FrameFamily, type HostileCase } from './frames';
import { WireCallError, WireClient } from './wire-client';
import { type WellBehavedPair } from './well-behaved';

/** Close codes the server may answer hostile input with: its documented ones and the WebSocket library's own. */
export const allowedCloseCodes: ReadonlySet<number> = new Set([
  CloseCode.TooLarge,
  CloseCode.ProtocolError,
  CloseCode.RateLimited,
  CloseCode.UnsupportedVersion,
  CloseCode.AuthTimeout,
  // A hostile frame may be a valid `logout`; the server then signs the socket out, and a later resume of that
  // revoked token is refused.
  CloseCode.SignedOut,
  CloseCode.AuthFailed,
  1002, // WebSocket protocol error (malformed framing)
  1003, // unsupported data
  1007, // text frame that is not valid UTF-8
]);
const knownErrorCodes = new Set<string>(errorCodes);
const PROBE_ID = 2 ** 31 - 1;

export interface FuzzOptions {
  url: string;
  cases: number;
  seed: number;
  /** Resident memory of the server process, sampled while fuzzing. */
  memoryBytes: () => number;
  /** The server's memory may not grow past its size after warm-up by more than this. */
  memoryGrowthLimitBytes: number;
  /** Accounts the fuzzer may authenticate sockets as, spread so the rate limit of one is not the only thing tested. */
  accounts: { username: string; password: string }[];
  /** The well-behaved pair exchanging messages during the fuzzing. */
  pair: WellBehavedPair;
  log?: (line: string) => void;
}

export interface FuzzFigures {
  cases: number;
  frames: Record<FrameFamily, number>;
  /** Error codes the server answered with, and how often. */
  errors: Record<string, number>;
  /** Close codes the server closed hostile sockets with, and how often. */
  closes: Record<string, number>;
  memory: { baselineBytes: number; maxBytes: number };
  /** Cases meant to run authenticated that ran unauthenticated because the login did not succeed in time. */
  authFallbacks: number;
  durationMs: number;
}

/**
 * Property: whatever a socket sends, the server answers only with frames of the protocol, every error carries a
 * documented code, it either keeps answering (a `ping` after the hostile frames gets its result) or closes with
 * an allowed code, forged ids are never accepted, its memory stays bounded, and the well-behaved pair is unaffected.
 */
export async function fuzzServer(options: FuzzOptions): Promise<FuzzFigures> {
  const started = Date.now();
  const figures: FuzzFigures = {
    cases: 0,
    frames: Object.fromEntries(['bytes', 'text', 'invalidUtf8', 'json', 'wrongTypes', 'mutated', 'huge', 'deep', 'forgedIds'].map((f) => [f, 0])) as Record<FrameFamily, number>,
    errors: {},
    closes: {},
    memory: { baselineBytes: 0, maxBytes: 0 },
    authFallbacks: 0,
    durationMs: 0,
  };
  let accountIndex = 0;
  const tokens = new Map<string, string>();
  const sampleMemory = () => {
    const bytes = options.memoryBytes();
    figures.memory.maxBytes = Math.max(figures.memory.maxBytes, bytes);
    if (figures.cases === 200) figures.memory.baselineBytes = bytes;
    if (figures.memory.baselineBytes > 0 && bytes - figures.memory.baselineBytes > options.memoryGrowthLimitBytes) {
      throw new Error(`server memory grew from ${figures.memory.baselineBytes} to ${bytes} bytes`);
    }
  };

  await fc.assert(
    fc.asyncProperty(hostileCase, async (hostile) => {
      const account = hostile.authenticated ? options.accounts[accountIndex++ % options.accounts.length]! : null;
      await runCase(options.url, hostile, account, tokens, figures);
      figures.cases++;
      if (figures.cases % 100 === 0) {
        sampleMemory();
        options.pair.assertHealthy();
      }
      if (options.log && figures.cases % 1000 === 0) options.log(`fuzz: ${figures.cases} cases`);
    }),
    { numRuns: options.cases, seed: options.seed, endOnFailure: true },
  );
  sampleMemory();
  figures.durationMs = Date.now() - started;
  return figures;
}

async function runCase(
  url: string,
  hostile: HostileCase,
  account: { username: string; password: string } | null,
  tokens: Map<string, string>,
  figures: FuzzFigures,
): Promise<void> {
  const { client, authenticated } = await openCaseSocket(url, account, tokens, figures);
  const frames: ServerFrame[] = [];
  const invalid: string[] = [];
  client.socket.on('message', (data) => {
    const parsed = parseServerFrame(String(data));
    if (parsed.ok) frames.push(parsed.value);
    else invalid.push(String(data).slice(0, 120));
  });
  try {
    const forged = new Set<number>();
    for (const [index, frame] of hostile.frames.entries()) {
      figures.frames[frame.family]++;
      let data = frame.data;
      if (frame.family === 'forgedIds') {
        // Give each forged call an id of its own so its answer can be told apart.
        const callId = 1_000_000 + index;
        forged.add(callId);
        data = Buffer.from(JSON.stringify({ ...(JSON.parse(data.toString()) as object), id: callId }));
      }
      if (client.socket.readyState !== WebSocket.OPEN) break;
      client.socket.send(data, { binary: frame.binary });
    }
    const answer = await probe(client);
    for (const frame of frames) {
      if (frame.type === 'error') {
        figures.errors[frame.code] = (figures.errors[frame.code] ?? 0) + 1;
        if (!knownErrorCodes.has(frame.code)) throw new Error(`undocumented error code ${frame.code}`);
      }
      if (frame.type === 'result' && forged.has(frame.id)) {
        throw new Error(`a call with a forged id was accepted: ${JSON.stringify(frame.result).slice(0, 200)}`);
      }
      if (!authenticated && frame.type === 'events') throw new Error('an unauthenticated socket received events');
    }
    if (invalid.length > 0) throw new Error(`server sent frames outside the protocol: ${invalid[0]}`);
    if (answer.kind === 'closed') {
      figures.closes[answer.code] = (figures.closes[answer.code] ?? 0) + 1;
      if (!allowedCloseCodes.has(answer.code)) throw new Error(`closed with undocumented code ${answer.code}`);
    }
  } finally {
    client.close();
  }
}

/**
 * A socket for one case, authenticated as the account when asked: by resuming its token, or by logging in again
 * when an earlier hostile `logout` revoked it. If authentication does not succeed (hostile `register`/`login`
 * frames of other cases keep the password hasher busy, so a login can time out), the case runs unauthenticated.
 */
async function openCaseSocket(
  url: string,
  account: { username: string; password: string } | null,
  tokens: Map<string, string>,
  figures: FuzzFigures,
): Promise<{ client: WireClient; authenticated: boolean }> {
  let client = await WireClient.open(url);
  if (!account) return { client, authenticated: false };
  const reopen = async () => {
    if (client.socket.readyState === WebSocket.OPEN) return;
    client.close();
    client = await WireClient.open(url);
  };
  const token = tokens.get(account.username);
  try {
    if (token) {
      try {
        await client.resume(token);
        return { client, authenticated: true };
      } catch (error) {
        if (!(error instanceof WireCallError) || (error.code !== 'token_invalid' && error.code !== 'token_expired')) throw error;
        tokens.delete(account.username);
        await reopen();
      }
    }
    const session = await client.login(account.username, account.password);
    tokens.set(account.username, session.token);
    return { client, authenticated: true };
  } catch {
    figures.authFallbacks++;
    await reopen();
    return { client, authenticated: false };
  }
}

/** After the hostile frames: the server must still answer a valid ping, or have closed with a code. */
function probe(client: WireClient): Promise<{ kind: 'answered' } | { kind: 'closed'; code: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server neither answered a ping nor closed the socket in 10 s')), 10_000);
    const onMessage = (data: unknown) => {
      const parsed = parseServerFrame(String(data));
      if (!parsed.ok) return;
      const frame = parsed.value;
      if ((frame.type === 'result' || frame.type === 'error') && frame.id === PROBE_ID) {
        finish();
        // A rate-limited probe is an answer too: the server is alive and telling us to slow down.
        resolve({ kind: 'answered' });
      }
    };
    const onClose = (code: number) => {
      finish();
      resolve({ kind: 'closed', code });
    };
    const finish = () => {
      clearTimeout(timer);
      client.socket.off('message', onMessage);
      client.socket.off('close', onClose);
    };
    if (client.socket.readyState !== WebSocket.OPEN) {
      clearTimeout(timer);
      void client.whenClosed().then((code) => resolve({ kind: 'closed', code }), reject);
      return;
    }
    client.socket.on('message', onMessage);
    client.socket.on('close', onClose);
    client.socket.send(JSON.stringify({ type: 'call', id: PROBE_ID, method: 'ping', params: {} }));
  });
}
