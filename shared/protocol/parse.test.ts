import { describe, expect, it } from 'vitest';
import { ErrorCode } from './codes';
import { Event, PostableBody } from './events';
import { parseCallFrame } from './parse';

const call = (method: string, params: unknown) => JSON.stringify({ type: 'call', id: 3, method, params });

describe('parseCallFrame', () => {
  it('reads a valid call', () => {
    expect(parseCallFrame(call('sync', { after: 5 }))).toEqual({ ok: true, value: { type: 'call', id: 3, method: 'sync', params: { after: 5 } } });
  });

  it('names the failure: not JSON, bad envelope (keeping the id), unknown method, bad params, other version', () => {
    expect(parseCallFrame('nope')).toMatchObject({ ok: false, code: ErrorCode.BadFrame });
    expect(parseCallFrame(JSON.stringify({ type: 'cal', id: 4 }))).toMatchObject({ ok: false, id: 4, code: ErrorCode.BadFrame });
    expect(parseCallFrame(call('explode', {}))).toMatchObject({ ok: false, id: 3, code: ErrorCode.UnknownMethod });
    expect(parseCallFrame(call('sync', { after: 'x' }))).toMatchObject({ ok: false, id: 3, code: ErrorCode.InvalidParams });
    expect(parseCallFrame(call('resume', { v: 2, token: 'x' }))).toMatchObject({ ok: false, id: 3, code: ErrorCode.UnsupportedVersion });
    expect(parseCallFrame(call('login', { username: 'alice', password: 'password1' }))).toMatchObject({ code: ErrorCode.UnsupportedVersion });
  });
});

describe('event bodies', () => {
  it('accepts a deleted message with erased text from the server, but never an empty message from a client', () => {
    const tombstone = { seq: 1, id: 'a', convId: 'c', senderId: 'u', ts: 1, body: { kind: 'message', text: '', deleted: true } };
    expect(Event.safeParse(tombstone).success).toBe(true);
    expect(PostableBody.safeParse({ kind: 'message', text: '' }).success).toBe(false);
    expect(PostableBody.safeParse({ kind: 'edit', target: 'a', text: '  ' }).success).toBe(false);
    expect(PostableBody.safeParse({ kind: 'message', text: 'hi', deleted: true })).toMatchObject({ success: true, data: { kind: 'message', text: 'hi' } });
  });
});
