import { render } from 'solid-js/web';
import { Root } from '../components/Root';
import { createFakeApi, fakeConversation, fakeMessage } from './createFakeApi';
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/messages.css';
import '../styles/dialogs.css';

/**
 * The app over the in-memory fake engine, for visual checks and the large-history browser test: one conversation
 * with `?count=` messages (100,000 by default) of varied length, spread over many days.
 */
const count = Number(new URLSearchParams(window.location.search).get('count') ?? 100_000);
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ');
const start = Date.UTC(2024, 0, 1);
const messages = Array.from({ length: count }, (_, i) => {
  const length = 1 + ((i * 7919) % 40);
  const text = `message ${i} ${Array.from({ length }, (_, w) => words[(i + w) % words.length]).join(' ')}`;
  return fakeMessage('big', text, { id: `big-${i}`, sortKey: i + 1, seq: i + 1, ts: start + i * 600_000, mine: i % 3 === 0, status: i % 3 === 0 ? 'read' : null, senderId: i % 3 === 0 ? 'u-me' : 'u-bob' });
});
const fake = createFakeApi({
  signedIn: true,
  conversations: [fakeConversation('big', 'Big chat', { lastActivity: start + count * 600_000, lastMessage: { senderName: 'bob', text: messages.at(-1)?.text ?? '', ts: start + count * 600_000, mine: false, deleted: false, system: false } })],
  messages,
});

const root = document.getElementById('root');
if (root) render(() => <Root api={fake.api} />, root);
