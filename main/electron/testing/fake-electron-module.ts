import type * as ElectronModule from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import {
  FakeApp,
  FakeBrowserWindow,
  FakeImage,
  FakeIpcMain,
  FakeMenu,
  FakeNotification,
  FakeSafeStorage,
  FakeTray,
  PreventableEvent,
} from './fake-electron';

/** A window the way the shell's BrowserWindow constructor makes it: loading fires the page's lifecycle events. */
export class FakeAppWindow extends FakeBrowserWindow {
  readonly misspellingsReplaced: string[] = [];

  constructor(readonly options: ElectronModule.BrowserWindowConstructorOptions) {
    super({ x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 });
    Object.assign(this.webContents, { replaceMisspelling: (word: string) => this.misspellingsReplaced.push(word) });
  }

  override async loadURL(url: string): Promise<void> {
    await super.loadURL(url);
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
}

class FakeContextMenu extends FakeMenu {
  popups = 0;
  popup(): void {
    this.popups += 1;
  }
}

/**
 * The whole `electron` module as the composition root (desktop.ts) uses it, made of the small fakes. Everything
 * it creates is recorded so a test can look at it and act on it as the user or the OS would.
 */
export function createFakeElectron(options: { online?: boolean; storage?: FakeSafeStorage } = {}) {
  const app = Object.assign(new FakeApp(), { isPackaged: false });
  const ipcMain = new FakeIpcMain();
  const windows: FakeAppWindow[] = [];
  const trays: FakeTray[] = [];
  const menus = { application: null as FakeMenu | null, built: [] as FakeContextMenu[] };
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  const session = {
    headerHooks: 0,
    permissionRequestHandler: null as unknown,
    permissionCheckHandler: null as unknown,
    dictionary: [] as string[],
    webRequest: { onHeadersReceived: () => void (session.headerHooks += 1) },
    setPermissionRequestHandler: (handler: unknown) => void (session.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: unknown) => void (session.permissionCheckHandler = handler),
    addWordToSpellCheckerDictionary: (word: string) => session.dictionary.push(word) > 0,
  };
  const net = { online: options.online ?? true, isOnline: () => net.online };
  const powerMonitor = new FakeApp();
  const opened: string[] = [];

  const module = {
    app,
    ipcMain,
    BrowserWindow: class extends FakeAppWindow {
      constructor(windowOptions: ElectronModule.BrowserWindowConstructorOptions) {
        super(windowOptions);
        windows.push(this);
      }
    },
    Tray: class extends FakeTray {
      constructor(image: FakeImage) {
        super(image);
        trays.push(this);
      }
    },
    Notification: Object.assign(class extends FakeNotification {}, { isSupported: () => true }),
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
        const menu = new FakeContextMenu(template);
        menus.built.push(menu);
        return menu;
      },
      setApplicationMenu: (menu: FakeMenu | null) => void (menus.application = menu),
    },
    nativeImage: { createFromPath: (path: string) => new FakeImage(path) },
    safeStorage: options.storage ?? new FakeSafeStorage(),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    protocol: { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocols.set(scheme, handler) },
    session: { defaultSession: session },
    net,
    powerMonitor,
  };

  return {
    electron: module as unknown as Pick<typeof ElectronModule, keyof typeof module>,
    app,
    ipcMain,
    windows,
    trays,
    menus,
    protocols,
    session,
    net,
    powerMonitor,
    opened,
    /** What the OS does when the user quits: before-quit, then will-quit (which the shell may delay). */
    quit(): PreventableEvent {
      app.emit('before-quit', new PreventableEvent());
      const event = new PreventableEvent();
      app.emit('will-quit', event);
      return event;
    },
  };
}
