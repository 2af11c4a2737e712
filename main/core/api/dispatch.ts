import { commands } from '../../../shared/contract/commands';
import { commandNames, type CommandName } from '../../../shared/contract/names';
import type { CommandHandlers } from '../../../shared/contract/api';
import { AppErrorCode, toOutcomeError, type Outcome } from '../../../shared/contract/errors';
import { describeIssues } from '../../../shared/protocol/parse';

const known = new Set<string>(commandNames);
export const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && known.has(name);

/**
 * The one entry point for calls arriving from a renderer, whatever the transport (Electron IPC, web bridge):
 * checks the name, validates the input with the contract's schema, runs the handler, and turns every failure
 * into an Outcome so that nothing thrown by a handler escapes to the transport.
 */
export async function dispatchCommand(handlers: CommandHandlers, name: unknown, input: unknown): Promise<Outcome<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: AppErrorCode.InvalidInput, message: `unknown call "${String(name)}"` } };
  }
  const parsed = commands[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: AppErrorCode.InvalidInput, message: `${name}: ${describeIssues(parsed.error)}` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler.call(handlers, parsed.data) };
  } catch (error) {
    return { ok: false, error: toOutcomeError(error) };
  }
}
