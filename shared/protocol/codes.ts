/** Error codes carried by `error` frames. Stable strings: clients switch on them. */
export const ErrorCode = {
  /** The frame was not JSON, not an object, or did not match the frame schema. */
  BadFrame: 'bad_frame',
  /** `method` names no known method. */
  UnknownMethod: 'unknown_method',
  /** The method exists but its params are invalid. */
  InvalidParams: 'invalid_params',
  /** The method needs an authenticated socket. */
  Unauthenticated: 'unauthenticated',
  /** The socket is already authenticated; register/login/resume are not allowed twice. */
  AlreadyAuthenticated: 'already_authenticated',
  /** Wrong username or password. */
  AuthFailed: 'auth_failed',
  UsernameTaken: 'username_taken',
  /** The session token is unknown or was revoked. */
  TokenInvalid: 'token_invalid',
  TokenExpired: 'token_expired',
  /** The thing does not exist or the caller may not know that it exists (non-members get this, never forbidden). */
  NotFound: 'not_found',
  /** The caller may see the thing but not do this to it (edit someone else's message). */
  Forbidden: 'forbidden',
  /** The id is already used by a different event. */
  Conflict: 'conflict',
  RateLimited: 'rate_limited',
  /**
   * An earlier `post` on this socket was refused for a passing reason (rate_limited, internal): later posts are
   * refused with this code until that one is sent again, so one socket's posts are stored in the order sent.
   */
  OutOfOrder: 'out_of_order',
  UnsupportedVersion: 'unsupported_version',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const errorCodes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

/** WebSocket close codes used by the server. 1000-1015 are the standard ones. */
export const CloseCode = {
  Normal: 1000,
  /** Server shutting down; reconnect with backoff. */
  GoingAway: 1001,
  /** A frame larger than MAX_FRAME_BYTES. */
  TooLarge: 1009,
  Internal: 1011,
  /** Too many bad frames in a row. */
  ProtocolError: 4000,
  /** Not authenticated within AUTH_TIMEOUT_MS. */
  AuthTimeout: 4001,
  /** The session token is invalid, expired or revoked: do not reconnect with it. */
  AuthFailed: 4002,
  /** Kept sending after being told it was rate limited. */
  RateLimited: 4003,
  /** Did not read its frames fast enough (send buffer over the bound). */
  SlowConsumer: 4004,
  UnsupportedVersion: 4005,
  /** The session was signed out (by this socket or another device). */
  SignedOut: 4006,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which a client must not reconnect with the same token. */
export const terminalCloseCodes: ReadonlySet<number> = new Set([
  CloseCode.AuthFailed,
  CloseCode.SignedOut,
  CloseCode.UnsupportedVersion,
]);
