import { join } from 'node:path';
import type * as ElectronModule from 'electron';
import type { CommandHandlers, Unsubscribe } from '../../shared/contract/api';
import type { Capabilities, Settings } from '../../shared/domain';
import type { Logger, Messenger, SessionVault } from '../core/index';
import { DEEP_LINK_SCHEME, type DeepLink } from './deep-link';
import { bindWindowEvents, registerCommandHandlers } from './ipc/ipc-bridge';
import { appMenuTemplate, contextMenuTemplate } from './menu/app-menu';
import { applyStartAtLogin, START_HIDDEN_FLAG, startAtLoginSupported } from './login-item';
import { NetworkWatcher } from './network-watcher';
import { AttentionIndicators } from './notify/attention';
import { Notifier } from './notify/notifier';
import type { ShellPaths } from './paths';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './security/app-protocol';
import { enforceContentSecurityPolicy } from './security/csp';
import { guardNavigation, restrictPermissions } from './security/navigation';
import { SafeStorageVault } from './session/safe-storage-vault';
import { ShellStateFile } from './shell-state';
import type { PendingLinks } from './single-instance';
import { shellStrings, type ShellStrings } from './strings';
import { TrayController } from './tray/tray-controller';
import { trayIconFile } from './tray/tray-icon';
import { startAutoUpdates, type UpdaterLike } from './updater';
import { CloseToTray } from './window/close-to-tray';
import { mainWindowOptions, revealWindow } from './window/main-window';
import { restoreBounds } from './window/window-state';
import { readWindowState, WindowStateKeeper } from './window/window-state-store';

type Electron = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'Tray' | 'Notification' | 'nativeImage' | 'safeStorage' | 'screen' | 'shell' | 'protocol' | 'session' | 'net' | 'powerMonitor'
>;

export interface DesktopOptions {
  electron: Electron;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  argv: readonly string[];
  paths: ShellPaths;
  logger: Logger;
  dev: boolean;
  links: PendingLinks;
  updater: UpdaterLike;
  /** How long a burst of messages is gathered into one notification (default 800 ms; tests on a busy machine widen it). */
  notificationBurstMs?: number;
  openMessenger(options: { profileDir: string; vault: SessionVault; capabilities: Capabilities; logger: Logger; defaultServer?: string }): Promise<Messenger>;
}

/** Everything that must be applied to every webContents, whoever creates it. */
export function hardenWebContents(electron: Pick<Electron, 'app' | 'shell'>): void {
  electron.app.on('web-contents-created', (_event, contents) => {
    // Reviewed: guardNavigation hands over only https: and mailto: URLs (isExternalLinkAllowed).
    guardNavigation(contents, (url) => electron.shell.openExternal(url)); // eng-disable OPEN_EXTERNAL_JS_CHECK
  });
}

/**
 * The desktop app once Electron is ready: the engine, the one window, IPC, tray, notifications, badge, menus.
 * Thin glue: each behaviour lives in its own module and is tested there against a fake of Electron.
 */
export async function startDesktop(options: DesktopOptions): Promise<void> {
  const { electron, platform, paths, logger } = options;
  const { app } = electron;
  const disposers: (() => void)[] = [];

  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
  const defaultSession = electron.session.defaultSession;
  enforceContentSecurityPolicy(defaultSession.webRequest);
  restrictPermissions(defaultSession);

  const capabilities: Capabilities = {
    shell: 'electron',
    platform,
    closeToTray: platform !== 'darwin',
    startAtLogin: startAtLoginSupported(platform),
    notifications: electron.Notification.isSupported(),
  };
  const vault = new SafeStorageVault(electron.safeStorage, paths.userData, platform);
  const messenger = await options.openMessenger({
    profileDir: join(paths.userData, 'profile'),
    vault,
    capabilities,
    logger,
    ...(options.env.PARLEY_SERVER ? { defaultServer: options.env.PARLEY_SERVER } : {}),
  });

  const handlers: CommandHandlers = messenger;
  let settings: Settings = await handlers.getSettings({});
  let strings: ShellStrings = shellStrings(settings.language);
  const applyMenu = () => electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(appMenuTemplate(platform, strings, options.dev)));
  applyMenu();

  const shellState = new ShellStateFile(join(paths.userData, 'shell-state.json'));
  const windowStateFile = join(paths.userData, 'window-state.json');
  const workAreas = electron.screen.getAllDisplays().map((display) => display.workArea);
  const bounds = restoreBounds(readWindowState(windowStateFile), workAreas);
  const window = new electron.BrowserWindow(mainWindowOptions(bounds, paths.preload, platform === 'linux' ? paths.windowIcon : undefined, options.dev));
  if (bounds.maximized) window.maximize();
  const windowState = new WindowStateKeeper(window, windowStateFile);
  disposers.push(() => windowState.dispose());

  const appContentsId = () => (window.isDestroyed() ? null : window.webContents.id);
  disposers.push(registerCommandHandlers(electron.ipcMain, messenger, appContentsId));
  bindWindowEvents(messenger, window);

  window.webContents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, strings, {
      replaceMisspelling: (word) => window.webContents.replaceMisspelling(word),
      addToDictionary: (word) => defaultSession.addWordToSpellCheckerDictionary(word),
    });
    if (template.length > 0) electron.Menu.buildFromTemplate(template).popup({ window });
  });

  const showWindow = () => revealWindow(window);
  const openConversation = (convId: string) => {
    showWindow();
    messenger.requestOpenConversation(convId);
  };

  const closeToTray = new CloseToTray({
    platform,
    closeToTray: () => settings.closeToTray,
    noticeShown: () => shellState.get().closeToTrayNoticeShown,
    markNoticeShown: () => shellState.update({ closeToTrayNoticeShown: true }),
    showNotice: () => new electron.Notification({ title: strings.stillRunningTitle, body: strings.stillRunningBody }).show(),
  });
  closeToTray.attach(window);

  const icon = (file: string) => electron.nativeImage.createFromPath(join(paths.trayIconDir, file));
  const tray = new TrayController<ElectronModule.NativeImage, ElectronModule.Menu>(
    {
      createTray: (image) => new electron.Tray(image),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      icon: (variant) => icon(trayIconFile(variant)),
      toggleWindow: () => (window.isVisible() && !window.isMinimized() ? window.hide() : showWindow()),
      showWindow,
      setDoNotDisturb: (on) => void messenger.updateSettings({ doNotDisturb: on }).catch((error: unknown) => logger.warn({ error: String(error) }, 'cannot switch do-not-disturb')),
      quit: () => app.quit(),
    },
    { unread: messenger.totalUnread(), doNotDisturb: settings.doNotDisturb, strings },
  );
  disposers.push(() => tray.dispose());

  const attention = new AttentionIndicators({
    app,
    platform,
    window: () => window,
    overlayImage: (label) => icon(`overlay-${label === '9+' ? '9plus' : label}.png`),
    strings: () => strings,
  });
  window.on('focus', () => attention.stopFlashing());

  const notifier = new Notifier({
    createNotification: ({ title, body }) => new electron.Notification({ title, body, ...(platform === 'linux' ? { icon: paths.windowIcon } : {}) }),
    settings: () => settings,
    attention: () => ({ windowFocused: !window.isDestroyed() && window.isVisible() && window.isFocused(), activeConversation: messenger.getActiveConversation() }),
    strings: () => strings,
    open: openConversation,
    shown: () => attention.flash(),
  }, options.notificationBurstMs);
  disposers.push(() => notifier.dispose());

  const refreshUnread = () => {
    const unread = messenger.totalUnread();
    tray.update({ unread, doNotDisturb: settings.doNotDisturb, strings });
    attention.setUnread(unread);
  };
  refreshUnread();
  applyStartAtLogin(app, platform, settings.startAtLogin);

  const unsubscribers: Unsubscribe[] = [
    messenger.onIncoming((items) => notifier.incoming(items)),
    messenger.subscribe((name, payload) => {
      if (name === 'conversationsChanged') refreshUnread();
      if (name === 'settingsChanged') {
        const next = payload as Settings;
        const languageChanged = next.language !== settings.language;
        settings = next;
        strings = shellStrings(next.language);
        if (languageChanged) applyMenu();
        applyStartAtLogin(app, platform, next.startAtLogin);
        refreshUnread();
      }
    }),
  ];
  disposers.push(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  const network = new NetworkWatcher(() => electron.net.isOnline(), (online) => messenger.networkChanged(online));
  electron.powerMonitor.on('resume', () => network.resumed());
  disposers.push(() => network.dispose());

  const stopUpdates = startAutoUpdates({
    isPackaged: app.isPackaged,
    env: options.env,
    updater: options.updater,
    warn: (message, detail) => logger.warn({ detail }, message),
  });
  if (stopUpdates) disposers.push(stopUpdates);

  app.on('activate', showWindow);
  app.on('before-quit', () => closeToTray.markQuitting());
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    shutDown = true;
    for (const dispose of disposers.reverse()) {
      try {
        dispose();
      } catch (error) {
        logger.warn({ error: String(error) }, 'shutdown step failed');
      }
    }
    void messenger
      .dispose()
      .catch((error: unknown) => logger.error({ error: String(error) }, 'engine shutdown failed'))
      .finally(() => app.quit());
  });

  window.once('ready-to-show', () => {
    // Started at login (or asked to): stay in the tray until the user opens the window.
    if (options.env.PARLEY_START_HIDDEN !== '1' && !options.argv.includes(START_HIDDEN_FLAG)) showWindow();
  });
  window.webContents.once('did-finish-load', () => {
    options.links.ready({ focus: showWindow, open: (link: DeepLink) => openConversation(link.convId) });
  });
  await window.loadURL(APP_ENTRY_URL);
}

/** Registers Parley as the handler of `parley://` links (a development run passes its script path along). */
export function registerDeepLinkScheme(app: Electron['app'], argv: readonly string[]): void {
  // Reviewed: every incoming parley:// link goes through parseDeepLink, which accepts only open/<valid id>.
  if (app.isPackaged || argv.length < 2) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [argv[1]!]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
}
