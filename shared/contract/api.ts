import type { z } from 'zod';
import type { commands } from './commands';
import type { events } from './events';
import type { CommandName, EventName } from './names';

type Commands = typeof commands;
type Events = typeof events;

export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What the main process implements: one async handler per call, given already-validated input. */
export type CommandHandlers = { [K in CommandName]: (input: z.output<Commands[K]['input']>) => Promise<CommandOutput<K>> };

/** How the main process pushes events; every shell provides one. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export type Unsubscribe = () => void;
export type SubscriberName<E extends EventName> = `on${Capitalize<E>}`;
export const subscriberName = <E extends EventName>(event: E): SubscriberName<E> =>
  `on${event[0]!.toUpperCase()}${event.slice(1)}` as SubscriberName<E>;

/**
 * The object the renderer sees as `window.parley`, in Electron and in the browser alike: one method per call,
 * one subscribe function per event (returning its unsubscribe).
 */
export type ParleyApi = { readonly [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>> } & {
  readonly [E in EventName as SubscriberName<E>]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};
