import { cleanup, fireEvent, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer } from './Composer';
import { createFakeApi } from '../testing/createFakeApi';
import { renderWithApp } from '../testing/renderWithApp';

afterEach(cleanup);

function setup() {
  const fake = createFakeApi({ signedIn: true });
  const onSend = vi.fn(async () => undefined);
  const view = renderWithApp(
    () => <Composer convId="c1" mode={null} onCancelMode={() => undefined} onSend={onSend} onEdit={async () => undefined} onEditLast={() => undefined} />,
    fake.api,
  );
  const box = view.getByLabelText('Message') as HTMLTextAreaElement;
  const type = (text: string) => fireEvent.input(box, { target: { value: text } });
  return { fake, onSend, view, box, type };
}

describe('Composer', () => {
  it('sends on Enter, trimmed, and clears the box and the draft', async () => {
    const { box, type, onSend, fake } = setup();
    type('  hello  ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('hello', undefined);
    expect(box.value).toBe('');
    await waitFor(() => expect(fake.drafts.get('c1')).toBe(''));
  });

  it('does not send on Shift+Enter or while an input method is composing', () => {
    const { box, type, onSend } = setup();
    type('ni');
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    fireEvent.compositionStart(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.compositionEnd(box);
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it('saves the draft (debounced) and tells others it is typing, then stops on send', async () => {
    const { box, type, fake } = setup();
    type('draft text');
    await waitFor(() => expect(fake.drafts.get('c1')).toBe('draft text'));
    expect(fake.callsOf('setTyping')).toEqual([{ convId: 'c1', typing: true }]);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(fake.callsOf('setTyping')).toEqual([{ convId: 'c1', typing: true }, { convId: 'c1', typing: false }]);
  });

  it('puts the text back when sending fails', async () => {
    const fake = createFakeApi({ signedIn: true });
    const view = renderWithApp(
      () => (
        <Composer convId="c1" mode={null} onCancelMode={() => undefined} onEditLast={() => undefined} onEdit={async () => undefined}
          onSend={async () => { throw new Error('nope'); }} />
      ),
      fake.api,
    );
    const box = view.getByLabelText('Message') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'keep me' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('keep me'));
  });
});
