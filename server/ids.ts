import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';

/** 96 random bits, URL-safe: ids of users and conversations (unguessable, so forged ids hit nothing). */
export const newId = (): string => randomBytes(12).toString('base64url');
/** Ids of events the server writes itself (receipts, conversation changes, support messages); sortable like clients' ULIDs. */
export const newEventId = (): string => ulid();
