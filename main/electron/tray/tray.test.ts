import { describe, expect, it, vi } from 'vitest';
import { shellStrings } from '../strings';
import { FakeImage, FakeMenu, FakeTray } from '../testing/fake-electron';
import { TrayController } from './tray-controller';
import { badgeLabel, trayIconFile, trayIconVariant } from './tray-icon';

describe('trayIconVariant', () => {
  it('maps counts to 0, 1–9 and 9+', () => {
    expect([0, -3, Number.NaN].map(trayIconVariant)).toEqual(['0', '0', '0']);
    expect([1, 5, 9].map(trayIconVariant)).toEqual(['1', '5', '9']);
    expect([10, 99, 10_000].map(trayIconVariant)).toEqual(['9plus', '9plus', '9plus']);
    expect(trayIconFile(trayIconVariant(12))).toBe('tray-9plus.png');
    expect([0, 3, 42].map(badgeLabel)).toEqual(['', '3', '9+']);
  });
});

function setup(unread = 0, doNotDisturb = false) {
  let tray: FakeTray | null = null;
  const actions = { toggleWindow: vi.fn(), showWindow: vi.fn(), setDoNotDisturb: vi.fn(), quit: vi.fn() };
  const controller = new TrayController(
    {
      createTray: (image: FakeImage) => (tray = new FakeTray(image)),
      buildMenu: (template) => new FakeMenu(template),
      icon: (variant) => new FakeImage(`tray-${variant}.png`),
      ...actions,
    },
    { unread, doNotDisturb, strings: shellStrings('en') },
  );
  return { tray: tray! as FakeTray, controller, actions };
}

describe('TrayController', () => {
  it('shows the unread count in the icon and the tooltip', () => {
    const { tray, controller } = setup(3);
    expect(tray.image.path).toBe('tray-3.png');
    expect(tray.tooltip).toBe('Parley – 3 unread');
    controller.update({ unread: 25, doNotDisturb: false, strings: shellStrings('en') });
    expect(tray.image.path).toBe('tray-9plus.png');
    controller.update({ unread: 0, doNotDisturb: false, strings: shellStrings('en') });
    expect(tray.image.path).toBe('tray-0.png');
    expect(tray.tooltip).toBe('Parley');
  });

  it('has a menu that opens, toggles do-not-disturb and quits', () => {
    const { tray, controller, actions } = setup();
    tray.menu!.click('Open Parley');
    expect(actions.showWindow).toHaveBeenCalledOnce();

    expect(tray.menu!.item('Do not disturb')).toMatchObject({ type: 'checkbox', checked: false });
    tray.menu!.click('Do not disturb');
    expect(actions.setDoNotDisturb).toHaveBeenCalledWith(true);
    controller.update({ unread: 0, doNotDisturb: true, strings: shellStrings('en') });
    expect(tray.menu!.item('Do not disturb')).toMatchObject({ checked: true });
    tray.menu!.click('Do not disturb');
    expect(actions.setDoNotDisturb).toHaveBeenLastCalledWith(false);

    tray.menu!.click('Quit Parley');
    expect(actions.quit).toHaveBeenCalledOnce();
  });

  it('toggles the window on click, follows the language, and is destroyed on dispose', () => {
    const { tray, controller, actions } = setup();
    tray.emit('click');
    expect(actions.toggleWindow).toHaveBeenCalledOnce();
    controller.update({ unread: 2, doNotDisturb: false, strings: shellStrings('zh-CN') });
    expect(tray.menu!.item('退出 Parley')).toBeDefined();
    controller.dispose();
    expect(tray.destroyed).toBe(true);
  });
});
