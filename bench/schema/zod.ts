import { CallEnvelope, ServerFrame } from '../../shared/protocol/frames';
import { methods } from '../../shared/protocol/methods';

/** What Parley does (shared/protocol/parse.ts) minus JSON.parse: envelope, then the method's params. */
export function checkPostCall(frame: unknown): boolean {
  const envelope = CallEnvelope.safeParse(frame);
  return envelope.success && envelope.data.method === 'post' && methods.post.params.safeParse(envelope.data.params).success;
}

export const checkServerFrame = (frame: unknown): boolean => ServerFrame.safeParse(frame).success;
