import fc from 'fast-check';
import { MAX_FRAME_BYTES, methodNames, PROTOCOL_VERSION } from '../../shared/protocol';

/** One WebSocket message a hostile client sends. */
export interface HostileFrame {
  [fc.toStringMethod]?: () => string;
  family: FrameFamily;
  data: Buffer;
  /** Sent with the binary opcode instead of text. */
  binary: boolean;
}

export type FrameFamily =
  | 'bytes'
  | 'text'
  | 'invalidUtf8'
  | 'json'
  | 'wrongTypes'
  | 'mutated'
  | 'huge'
  | 'deep'
  | 'forgedIds';

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** Counterexamples print as a short description instead of a dump of every byte. */
function describe(frame: Omit<HostileFrame, typeof fc.toStringMethod>): HostileFrame {
  return Object.assign(frame, {
    [fc.toStringMethod]: () => `${frame.family}(${frame.binary ? 'binary ' : ''}${frame.data.length} bytes: ${JSON.stringify(frame.data.subarray(0, 120).toString('latin1'))})`,
  });
}
const id = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const anyId = fc.oneof(id, fc.constant(-1), fc.constant(2 ** 31), fc.double(), fc.string(), fc.constant(null));
const idLike = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** Valid-looking calls of every method: the seeds that mutation starts from. */
const validCall = fc.record({
  type: fc.constant('call'),
  id,
  method: fc.constantFrom(...methodNames),
  params: fc.oneof(
    fc.record({ v: fc.constant(PROTOCOL_VERSION), username: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{2,31}$/), password: fc.string({ minLength: 8, maxLength: 40 }) }),
    fc.record({ v: fc.constant(PROTOCOL_VERSION), token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
    fc.record({ convId: idLike, id: idLike, body: fc.record({ kind: fc.constant('message'), text: fc.string({ minLength: 1, maxLength: 200 }) }) }),
    fc.record({ after: fc.nat(), limit: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ convId: idLike, receipt: fc.constantFrom('delivered', 'read'), upTo: fc.nat() }),
    fc.record({ userId: idLike }),
    fc.record({ id: idLike, title: fc.string({ minLength: 1, maxLength: 100 }), memberIds: fc.array(idLike, { maxLength: 5 }) }),
    fc.record({ prefix: fc.string({ maxLength: 32 }) }),
    fc.constant({}),
  ),
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces, deletes or retypes one value somewhere inside a JSON value. */
function mutate(value: Json, path: number[], replacement: Json, mode: 'replace' | 'delete'): Json {
  if (value === null || typeof value !== 'object') return mode === 'replace' ? replacement : value;
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  if (keys.length === 0 || path.length === 0) return mode === 'replace' ? replacement : value;
  const key = keys[path[0]! % keys.length]!;
  const rest = path.slice(1);
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[key as number] = mutate(copy[key as number]!, rest, replacement, mode);
    return copy;
  }
  const copy: Record<string, Json> = { ...value };
  if (mode === 'delete' && rest.length === 0) delete copy[key as string];
  else copy[key as string] = mutate(copy[key as string]!, rest, replacement, mode);
  return copy;
}

const families: Record<FrameFamily, fc.Arbitrary<HostileFrame>> = {
  bytes: fc
    .tuple(fc.uint8Array({ maxLength: 2048 }), fc.boolean())
    .map(([bytes, binary]) => ({ family: 'bytes' as const, data: Buffer.from(bytes), binary })),
  // Arbitrary UTF-16 units, lone surrogates included (encoded as U+FFFD by Buffer.from).
  text: fc.string({ unit: 'binary', maxLength: 500 }).map((value) => ({ family: 'text' as const, data: text(value), binary: false })),
  invalidUtf8: fc
    .tuple(fc.string({ maxLength: 50 }), fc.constantFrom([0xc3], [0xff], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]), fc.string({ maxLength: 50 }))
    .map(([before, bad, after]) => ({
      family: 'invalidUtf8' as const,
      data: Buffer.concat([text(`{"type":"call","id":1,"method":"ping","params":{"x":"${before}`), Buffer.from(bad), text(`${after}"}}`)]),
      binary: false,
    })),
  json: fc.jsonValue({ maxDepth: 6 }).map((value) => ({ family: 'json' as const, data: text(JSON.stringify(value)), binary: false })),
  wrongTypes: fc
    .record({ type: fc.oneof(fc.constant('call'), fc.anything()), id: anyId, method: fc.oneof(fc.constantFrom(...methodNames), fc.string(), fc.anything()), params: fc.anything() })
    .map((frame) => ({ family: 'wrongTypes' as const, data: text(JSON.stringify(frame) ?? 'null'), binary: false })),
  mutated: fc
    .tuple(validCall, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('replace' as const, 'delete' as const), fc.nat(), fc.boolean())
    .map(([call, path, replacement, mode, cut, truncate]) => {
      const json = JSON.stringify(mutate(call as Json, path, replacement as Json, mode));
      // Sometimes also cut the text short, which leaves broken JSON.
      const body = truncate ? json.slice(0, cut % Math.max(json.length, 1)) : json;
      return { family: 'mutated' as const, data: text(body), binary: false };
    }),
  huge: fc
    .tuple(fc.constantFrom(MAX_FRAME_BYTES - 200, MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES * 2), fc.constantFrom('string', 'array', 'keys'))
    .map(([size, shape]) => {
      let params: string;
      if (shape === 'string') params = JSON.stringify({ convId: 'x', id: 'y', body: { kind: 'message', text: 'a'.repeat(size) } });
      else if (shape === 'array') params = JSON.stringify({ userIds: Array.from({ length: Math.floor(size / 4) }, (_, i) => `${i % 100}`) });
      else params = JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(size / 10) }, (_, i) => [`k${i}`, i])));
      return { family: 'huge' as const, data: text(`{"type":"call","id":7,"method":"post","params":${params}}`), binary: false };
    }),
  deep: fc
    .tuple(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('params', 'top'))
    .map(([depth, open, where]) => {
      const close = open === '[' ? ']' : '}';
      const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
      const body = where === 'top' ? nested : `{"type":"call","id":3,"method":"sync","params":${nested}}`;
      return { family: 'deep' as const, data: text(body), binary: false };
    }),
  forgedIds: fc
    .tuple(id, fc.constantFrom('post', 'receipt', 'rename', 'addMembers', 'removeMember', 'leave', 'typing', 'createDirect'), idLike, idLike)
    .map(([callId, method, convId, other]) => {
      const params: Record<string, unknown> = {
        post: { convId, id: other, body: { kind: 'message', text: 'forged' } },
        receipt: { convId, receipt: 'read', upTo: 1 },
        rename: { convId, title: 'mine now' },
        addMembers: { convId, userIds: [other] },
        removeMember: { convId, userId: other },
        leave: { convId },
        typing: { convId, on: true },
        createDirect: { userId: other },
      }[method];
      return { family: 'forgedIds' as const, data: text(JSON.stringify({ type: 'call', id: callId, method, params })), binary: false };
    }),
};

export const frameFamilies = Object.keys(families) as FrameFamily[];

/** One fuzz case: a few hostile frames on one socket, authenticated or not. */
export interface HostileCase {
  authenticated: boolean;
  frames: HostileFrame[];
}

export const hostileCase: fc.Arbitrary<HostileCase> = fc.record({
  authenticated: fc.boolean(),
  frames: fc.array(fc.oneof(...Object.values(families)).map(describe), { minLength: 1, maxLength: 4 }),
});
