import { fireEvent, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Root } from './Root';
import { createFakeApi, fakeError } from '../testing/createFakeApi';
import { cleanup, render } from '@solidjs/testing-library';

afterEach(cleanup);

async function signInWith(code: string, language: 'en' | 'zh-CN' = 'en') {
  const fake = createFakeApi();
  await fake.api.updateSettings({ language });
  fake.override('signIn', async () => {
    throw fakeError(code, 'detail for logs');
  });
  const view = render(() => <Root api={fake.api} />);
  const submit = await view.findByRole('button', { name: language === 'en' ? 'Sign in' : '登录' });
  fireEvent.input(view.getByLabelText(language === 'en' ? 'Username' : '用户名'), { target: { value: 'alice' } });
  fireEvent.input(view.getByLabelText(language === 'en' ? 'Password' : '密码'), { target: { value: 'secret password' } });
  fireEvent.click(submit);
  return view;
}

describe('sign-in errors', () => {
  it.each([
    ['auth_failed', 'Wrong username or password.'],
    ['server_unreachable', 'Cannot reach the server. Check the address and your connection.'],
    ['username_taken', 'That username is already taken.'],
  ])('%s is explained in words', async (code, text) => {
    const view = await signInWith(code);
    const error = await view.findByText(text);
    expect(error.getAttribute('role')).toBe('alert');
  });

  it('speaks Chinese when the language is 简体中文', async () => {
    const view = await signInWith('auth_failed', 'zh-CN');
    await waitFor(() => expect(view.getByText('用户名或密码错误。')).toBeTruthy());
  });
});
