import { describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../../shared/contract/api';
import { ParleyError } from '../../../shared/contract/errors';
import { dispatchCommand } from './dispatch';

const handlers = {
  getDraft: async ({ convId }: { convId: string }) => {
    if (convId === 'missing') throw new ParleyError('not_found', 'no such conversation');
    if (convId === 'boom') throw new Error('disk on fire');
    return `draft of ${convId}`;
  },
} as unknown as CommandHandlers;

describe('dispatchCommand', () => {
  it('runs a handler with validated input', async () => {
    expect(await dispatchCommand(handlers, 'getDraft', { convId: 'c1' })).toEqual({ ok: true, value: 'draft of c1' });
  });
  it('rejects unknown calls, bad input and extra fields without calling the handler', async () => {
    expect(await dispatchCommand(handlers, 'rmRf', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatchCommand(handlers, 'getDraft', { convId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatchCommand(handlers, 'getDraft', { convId: 'c1', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatchCommand(handlers, 'getDraft', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
  it('turns thrown errors into outcomes, keeping ParleyError codes', async () => {
    expect(await dispatchCommand(handlers, 'getDraft', { convId: 'missing' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such conversation' },
    });
    expect(await dispatchCommand(handlers, 'getDraft', { convId: 'boom' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
  });
});
