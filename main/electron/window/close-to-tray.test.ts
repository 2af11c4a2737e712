import { describe, expect, it } from 'vitest';
import { FakeBrowserWindow } from '../testing/fake-electron';
import { closeAction, CloseToTray } from './close-to-tray';

describe('closeAction', () => {
  it('hides to the tray on Windows/Linux when the setting is on, closes when off, always hides on macOS', () => {
    expect(closeAction('win32', true, false)).toBe('hide');
    expect(closeAction('linux', true, false)).toBe('hide');
    expect(closeAction('linux', false, false)).toBe('close');
    expect(closeAction('darwin', false, false)).toBe('hide');
    expect(closeAction('darwin', true, true)).toBe('close');
    expect(closeAction('win32', true, true)).toBe('close');
  });
});

function setup(platform: string, closeToTray = true) {
  let noticeShown = false;
  let notices = 0;
  const behaviour = new CloseToTray({
    platform,
    closeToTray: () => closeToTray,
    noticeShown: () => noticeShown,
    markNoticeShown: () => (noticeShown = true),
    showNotice: () => (notices += 1),
  });
  const window = new FakeBrowserWindow();
  behaviour.attach(window);
  window.show();
  return { behaviour, window, notices: () => notices };
}

describe('CloseToTray', () => {
  it('hides the window instead of closing it, and shows the notice only once', () => {
    const { window, notices } = setup('linux');
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    window.show();
    window.close();
    expect(window.isVisible()).toBe(false);
    expect(notices()).toBe(1);
  });

  it('really closes when quitting or when the setting is off', () => {
    const quitting = setup('win32');
    quitting.behaviour.markQuitting();
    quitting.window.close();
    expect(quitting.window.isDestroyed()).toBe(true);

    const off = setup('linux', false);
    off.window.close();
    expect(off.window.isDestroyed()).toBe(true);
    expect(off.notices()).toBe(0);
  });

  it('keeps the macOS dock convention: hide without a tray notice', () => {
    const { window, notices } = setup('darwin', false);
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(notices()).toBe(0);
  });
});
