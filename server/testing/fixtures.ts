import { ulid } from 'ulid';
import type { ConversationSnapshot, Event } from '../../shared/protocol';
import type { TestClient } from './client';
import type { SignedIn, TestServer } from './harness';

/** Registers users and puts them (all live, synced) in one group. */
export async function groupOf(server: TestServer, names: string[], title = 'team'): Promise<{ people: SignedIn[]; conv: ConversationSnapshot }> {
  const people = await Promise.all(names.map((name) => server.register(name)));
  const [owner, ...others] = people;
  const { conv } = await owner!.client.call('createGroup', { id: ulid(), title, memberIds: others.map((p) => p.user.id) });
  await Promise.all(people.map((p) => p.client.syncAll()));
  return { people, conv };
}

export const say = (client: TestClient, convId: string, text: string, id = ulid()) =>
  client.call('post', { convId, id, body: { kind: 'message', text } });

export const texts = (events: Event[], convId?: string): string[] =>
  events.flatMap((e) => (e.body.kind === 'message' && (!convId || e.convId === convId) ? [e.body.text] : []));

export const ids = (events: Event[]): string[] => events.map((event) => event.id);
