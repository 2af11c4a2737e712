import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import type { Rect } from '../window/window-state';

/**
 * A small hand-written stand-in for exactly the Electron APIs the shell uses, so that its behaviour can be tested
 * where the Electron binary cannot run. Each fake records what was done to it and lets a test trigger what the
 * OS or the user would (a click, a second launch, closing the window).
 */

export class PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type Listener = (...args: never[]) => void;

class Emitter {
  private readonly emitter = new EventEmitter();
  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.emitter.removeListener(event, listener as (...args: unknown[]) => void);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }
}

let nextContentsId = 1;

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** What Electron does when the page tries to navigate: returns whether the navigation was prevented. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    const preventable = new PreventableEvent();
    this.emit(event, preventable, url);
    return preventable.defaultPrevented;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  loadedUrl: string | null = null;
  flashing = false;
  overlay: { image: unknown; description: string } | null = null;
  private bounds: Rect;

  constructor(bounds: Rect = { x: 0, y: 0, width: 800, height: 600 }) {
    super();
    this.bounds = { ...bounds };
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
    this.focus();
  }
  hide(): void {
    this.visible = false;
    this.blur();
  }
  focus(): void {
    if (!this.focused) {
      this.focused = true;
      this.emit('focus');
    }
  }
  blur(): void {
    if (this.focused) {
      this.focused = false;
      this.emit('blur');
    }
  }
  minimize(): void {
    this.minimized = true;
    this.blur();
  }
  restore(): void {
    this.minimized = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(bounds: Rect): void {
    this.bounds = { ...bounds };
  }
  flashFrame(flag: boolean): void {
    this.flashing = flag;
  }
  setOverlayIcon(image: unknown, description: string): void {
    this.overlay = image === null ? null : { image, description };
  }
  /** Like a click on the window's close button: 'close' may be prevented, otherwise the window is destroyed. */
  close(): void {
    if (this.destroyed) return;
    const event = new PreventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    this.webContents.destroy();
    this.emit('closed');
  }
}

type Sender = { sender: { id: number }; senderFrame: FakeFrame | null };
type Handler = (event: Sender, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke` from a given frame of a given webContents amounts to. */
  async invoke(channel: string, from: Sender, input?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(from, input);
  }
}

export class FakeImage {
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return false;
  }
}

export class FakeMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}
  /** The item with this label (searching submenus too), for clicking it in a test. */
  item(label: string): MenuItemConstructorOptions {
    const search = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        if (Array.isArray(item.submenu)) {
          const found = search(item.submenu as MenuItemConstructorOptions[]);
          if (found) return found;
        }
      }
      return undefined;
    };
    const found = search(this.template);
    if (!found) throw new Error(`no menu item "${label}"`);
    return found;
  }
  click(label: string): void {
    const item = this.item(label);
    (item.click as unknown as (() => void) | undefined)?.();
  }
}

export class FakeTray extends Emitter {
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  static readonly created: FakeNotification[] = [];
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string; silent?: boolean; icon?: unknown }) {
    super();
    FakeNotification.created.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
  click(): void {
    this.emit('click');
  }
}

export class FakeApp extends Emitter {
  badgeCount = 0;
  loginItem: { openAtLogin: boolean } | null = null;
  quitCalls = 0;
  hasLock = true;
  protocolClients: string[] = [];
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  setBadgeCount(count?: number): boolean {
    this.badgeCount = count ?? 0;
    return true;
  }
  loginSettings: { openAtLogin: boolean; args?: string[] } | null = null;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin };
    this.loginSettings = settings;
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.loginItem?.openAtLogin ?? false };
  }
  setAsDefaultProtocolClient(protocol: string): boolean {
    this.protocolClients.push(protocol);
    return true;
  }
  quit(): void {
    this.quitCalls += 1;
  }
}

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** safeStorage with a reversible, visibly different "encryption" so tests can tell ciphertext from plaintext. */
export class FakeSafeStorage {
  constructor(
    public available = true,
    public backend: StorageBackend = 'gnome_libsecret',
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }
  encryptString(text: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.from(`enc:${Buffer.from(text).toString('base64').split('').reverse().join('')}`);
  }
  decryptString(data: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString();
  }
}
