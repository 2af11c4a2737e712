import type { z } from 'zod';
import { ErrorCode } from './codes';
import { CallEnvelope, isMethodName, ServerFrame, type CallFrame } from './frames';
import { PROTOCOL_VERSION } from './limits';
import { methods, versionedMethods } from './methods';

export type ParseFailure = { ok: false; id?: number; code: ErrorCode; message: string };
export type Parsed<T> = { ok: true; value: T } | ParseFailure;

/** A short, human-readable account of what failed validation, naming the path of each problem. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function parseJson(raw: string): { ok: true; value: unknown } | ParseFailure {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, code: ErrorCode.BadFrame, message: 'frame is not valid JSON' };
  }
}

/** Reads a client frame: JSON, then the envelope, then the method's params. Never throws. */
export function parseCallFrame(raw: string): Parsed<CallFrame> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  const envelope = CallEnvelope.safeParse(json.value);
  if (!envelope.success) {
    const id = (json.value as { id?: unknown } | null)?.id;
    return {
      ok: false,
      ...(Number.isInteger(id) && (id as number) >= 0 && (id as number) < 2 ** 31 ? { id: id as number } : {}),
      code: ErrorCode.BadFrame,
      message: `bad frame: ${describeIssues(envelope.error)}`,
    };
  }
  const { id, method } = envelope.data;
  if (!isMethodName(method)) return { ok: false, id, code: ErrorCode.UnknownMethod, message: `unknown method "${method}"` };
  if (versionedMethods.has(method)) {
    const v = (envelope.data.params as { v?: unknown } | null | undefined)?.v;
    if (v !== PROTOCOL_VERSION) {
      return { ok: false, id, code: ErrorCode.UnsupportedVersion, message: `protocol version ${String(v)} is not supported; this server speaks ${PROTOCOL_VERSION}` };
    }
  }
  const params = methods[method].params.safeParse(envelope.data.params ?? {});
  if (!params.success) {
    return { ok: false, id, code: ErrorCode.InvalidParams, message: `${method}: ${describeIssues(params.error)}` };
  }
  return { ok: true, value: { type: 'call', id, method, params: params.data } as CallFrame };
}

/** Reads a server frame. The result of a call is checked separately, against the method the client called. */
export function parseServerFrame(raw: string): Parsed<ServerFrame> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  const frame = ServerFrame.safeParse(json.value);
  if (!frame.success) return { ok: false, code: ErrorCode.BadFrame, message: `bad server frame: ${describeIssues(frame.error)}` };
  return { ok: true, value: frame.data };
}
