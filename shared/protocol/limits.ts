/** Protocol version carried by every authentication call; bumped on incompatible change. */
export const PROTOCOL_VERSION = 1;

/** Largest WebSocket message a client may send (the server's `maxPayload`), in bytes. */
export const MAX_FRAME_BYTES = 64 * 1024;
/**
 * Largest WebSocket message a client must accept from the server (its `maxPayload`). Server frames can be larger
 * than client frames: a conversation snapshot of a full group is ~80 KB, and `conversations` lists many of them.
 */
export const MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;
/**
 * The server ends a sync page (and splits live `events` frames) before the events in it exceed this many bytes of
 * JSON, so that ordinary server frames also stay under MAX_FRAME_BYTES (only one huge event or a snapshot of a very
 * large group can exceed it).
 */
export const SYNC_PAGE_MAX_BYTES = 60 * 1024;
/** Largest message text, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 16 * 1024;
export const MAX_TITLE_CHARS = 100;
export const MAX_GROUP_MEMBERS = 1000;
export const MAX_IDS_PER_CALL = 100;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
export const PASSWORD_MIN_CHARS = 8;
/** Bounded so that hashing a hostile password costs no more than hashing a normal one. */
export const PASSWORD_MAX_CHARS = 256;

/** Default and largest number of events in one sync page. */
export const SYNC_PAGE_DEFAULT = 200;
export const SYNC_PAGE_MAX = 500;

/** A socket must authenticate within this time or it is closed with CloseCode.AuthTimeout. */
export const AUTH_TIMEOUT_MS = 5_000;
/** The server pings every socket at this interval and terminates the ones that did not answer the last ping. */
export const SERVER_PING_INTERVAL_MS = 30_000;
/** A typing indicator expires on the receiving side after this long without a refresh. */
export const TYPING_TTL_MS = 6_000;
