export { Messenger, type MessengerOptions } from './messenger';
export type { IncomingItem, IncomingListener } from './event-hub';
export type { LinkTuning } from './server-link';
