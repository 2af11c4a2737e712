import type { WebSocket } from 'ws';
import type { Member } from '../../shared/protocol';
import type { TokenBucket } from '../limits/token-bucket';
import type { EventEntry } from '../events/store';

/**
 * One client socket and the little state the server keeps about it. Deliberately small and timer-free: the server
 * holds tens of thousands of these; pings and auth deadlines are swept by one timer each for all of them.
 */
export class Conn {
  user: Member | null = null;
  /** Hex SHA-256 of the session token this socket authenticated with. */
  sessionKey: string | null = null;
  /** An auth call is in flight (password hashing is asynchronous). */
  authenticating = false;
  /** Set by a sync that returned `more: false`; from then on the socket receives live events. */
  live = false;
  /** Answered the last ping (or sent anything) since the previous sweep. */
  alive = true;
  badFrames = 0;
  /** Calls refused as rate limited since the last accepted one. */
  rejected = 0;
  /**
   * Id of a post refused for a passing reason (rate limit, internal error). Until it is sent again, later posts on
   * this socket are refused with out_of_order, so a socket's posts are stored in the order they were sent.
   */
  heldPost: string | null = null;
  /** Before authentication the rate limit is per socket. */
  bucket: TokenBucket | null = null;
  /** Live events waiting for the end of the current callback (see Hub.publish), coalesced into one frame. */
  pending: EventEntry[] | null = null;
  closing = false;

  constructor(
    readonly ws: WebSocket,
    readonly ip: string,
    readonly openedAt: number,
  ) {}
}
