import { describe, expect, it } from 'vitest';
import { selectNotifiable, summarizeBurst, type AttentionState } from './notification-policy';
import { shellStrings } from './strings';
import { conversation, message } from './testing/fixtures';

const on = { notifications: true, doNotDisturb: false };
const away: AttentionState = { windowFocused: false, activeConversation: null };
const en = shellStrings('en');

describe('selectNotifiable', () => {
  const a = conversation('a');
  const batch = [{ conversation: a, messages: [message('a', 'hi')] }];

  it('notifies when the window is not focused, even for the open conversation', () => {
    expect(selectNotifiable(batch, on, { windowFocused: false, activeConversation: 'a' })).toHaveLength(1);
  });

  it('stays silent for the conversation the user is looking at', () => {
    expect(selectNotifiable(batch, on, { windowFocused: true, activeConversation: 'a' })).toEqual([]);
  });

  it('notifies for another conversation while the window is focused', () => {
    expect(selectNotifiable(batch, on, { windowFocused: true, activeConversation: 'b' })).toHaveLength(1);
    expect(selectNotifiable(batch, on, { windowFocused: true, activeConversation: null })).toHaveLength(1);
  });

  it('stays silent during do-not-disturb and when notifications are off', () => {
    expect(selectNotifiable(batch, { notifications: true, doNotDisturb: true }, away)).toEqual([]);
    expect(selectNotifiable(batch, { notifications: false, doNotDisturb: false }, away)).toEqual([]);
  });

  it('never notifies for muted or left conversations', () => {
    const muted = [{ conversation: conversation('m', { muted: true }), messages: [message('m', 'x')] }];
    const left = [{ conversation: conversation('l', { left: true }), messages: [message('l', 'x')] }];
    expect(selectNotifiable([...muted, ...left, ...batch], on, away).map((item) => item.conversation.id)).toEqual(['a']);
  });

  it('drops own, deleted and system messages', () => {
    const messages = [
      message('a', 'mine', { mine: true }),
      message('a', '', { deleted: true }),
      message('a', '', { system: { change: 'renamed', actorName: 'bob', subjectNames: [], title: 'x' } }),
    ];
    expect(selectNotifiable([{ conversation: a, messages }], on, away)).toEqual([]);
  });
});

describe('summarizeBurst', () => {
  it('shows one message as itself, with the sender in a group', () => {
    const direct = summarizeBurst([{ conversation: conversation('a', { title: 'bob' }), messages: [message('a', 'hello')] }], en);
    expect(direct).toEqual({ title: 'bob', body: 'hello', convId: 'a' });
    const group = conversation('g', { kind: 'group', title: 'Team' });
    expect(summarizeBurst([{ conversation: group, messages: [message('g', 'hey', { senderName: 'carol' })] }], en)).toEqual({
      title: 'Team',
      body: 'carol: hey',
      convId: 'g',
    });
  });

  it('counts several messages in one conversation, merging batches without double counting', () => {
    const a = conversation('a', { title: 'bob' });
    const first = message('a', 'one');
    const items = [
      { conversation: a, messages: [first, message('a', 'two')] },
      { conversation: a, messages: [first, message('a', 'three')] },
    ];
    expect(summarizeBurst(items, en)).toEqual({ title: 'bob', body: '3 new messages', convId: 'a' });
  });

  it('coalesces many conversations into one line and targets the newest message', () => {
    const items = [
      { conversation: conversation('a'), messages: [message('a', '1'), message('a', '2')] },
      { conversation: conversation('b'), messages: [message('b', '3'), message('b', '4')] },
      { conversation: conversation('c'), messages: [message('c', '5')] },
    ];
    expect(summarizeBurst(items, en)).toEqual({ title: 'Parley', body: '5 new messages in 3 conversations', convId: 'c' });
    expect(summarizeBurst(items, shellStrings('zh-CN'))?.body).toBe('3 个会话中有 5 条新消息');
  });

  it('shortens long texts and returns null for an empty burst', () => {
    const long = summarizeBurst([{ conversation: conversation('a'), messages: [message('a', 'x'.repeat(500))] }], en);
    expect(long?.body).toHaveLength(200);
    expect(long?.body.endsWith('…')).toBe(true);
    expect(summarizeBurst([], en)).toBeNull();
  });
});
