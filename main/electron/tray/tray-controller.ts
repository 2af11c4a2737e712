import type { MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from '../strings';
import { trayIconVariant, type TrayIconVariant } from './tray-icon';

export interface TrayLike<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayDeps<Image, Menu> {
  createTray(image: Image): TrayLike<Image, Menu>;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  icon(variant: TrayIconVariant): Image;
  toggleWindow(): void;
  showWindow(): void;
  setDoNotDisturb(on: boolean): void;
  quit(): void;
}

export interface TrayView {
  unread: number;
  doNotDisturb: boolean;
  strings: ShellStrings;
}

/**
 * The tray icon. Its menu can do everything (open, do not disturb, quit) because tray clicks are not delivered
 * on some Linux desktops; a click, where it arrives, toggles the window.
 */
export class TrayController<Image, Menu> {
  private readonly tray: TrayLike<Image, Menu>;
  private shown: { variant: TrayIconVariant; tooltip: string; menuKey: string } | null = null;

  constructor(
    private readonly deps: TrayDeps<Image, Menu>,
    initial: TrayView,
  ) {
    this.tray = deps.createTray(deps.icon(trayIconVariant(initial.unread)));
    this.tray.on('click', () => deps.toggleWindow());
    this.update(initial);
  }

  update(view: TrayView): void {
    const variant = trayIconVariant(view.unread);
    const tooltip = view.strings.trayTooltip(view.unread);
    const menuKey = `${view.strings.open}|${view.doNotDisturb}`;
    if (this.shown?.variant !== variant) this.tray.setImage(this.deps.icon(variant));
    if (this.shown?.tooltip !== tooltip) this.tray.setToolTip(tooltip);
    if (this.shown?.menuKey !== menuKey) this.tray.setContextMenu(this.deps.buildMenu(this.menu(view)));
    this.shown = { variant, tooltip, menuKey };
  }

  dispose(): void {
    this.tray.destroy();
  }

  private menu(view: TrayView): MenuItemConstructorOptions[] {
    return [
      { label: view.strings.open, click: () => this.deps.showWindow() },
      {
        label: view.strings.doNotDisturb,
        type: 'checkbox',
        checked: view.doNotDisturb,
        click: () => this.deps.setDoNotDisturb(!view.doNotDisturb),
      },
      { type: 'separator' },
      { label: view.strings.quit, click: () => this.deps.quit() },
    ];
  }
}
