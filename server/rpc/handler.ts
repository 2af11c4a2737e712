import type { z } from 'zod';
import type { Member, MethodName, MethodResult, Methods } from '../../shared/protocol';
import type { ServerContext } from '../context';
import type { Conn } from '../hub/connection';

/** A result already encoded as JSON (sync pages are assembled from stored event JSON). */
export class RawJson {
  constructor(readonly json: string) {}
}

type Params<M extends MethodName> = z.output<Methods[M]['params']>;
type Reply<M extends MethodName> = MethodResult<M> | RawJson;

export interface AuthedConn extends Conn {
  user: Member;
}

export type PublicHandler<M extends MethodName> = (ctx: ServerContext, conn: Conn, params: Params<M>) => Reply<M> | Promise<Reply<M>>;
export type AuthedHandler<M extends MethodName> = (ctx: ServerContext, conn: AuthedConn, params: Params<M>) => Reply<M> | Promise<Reply<M>>;
