import * as electron from 'electron';
import electronUpdater from 'electron-updater';
import { createLogger, Messenger } from '../core/index';
import { findDeepLink } from './deep-link';
import { hardenWebContents, registerDeepLinkScheme, startDesktop } from './desktop';
import { shellPaths } from './paths';
import { appSchemePrivileges } from './security/app-protocol';
import { claimSingleInstance, PendingLinks } from './single-instance';

// The entry point Electron runs: wires the real Electron module into the shell; everything else is in modules.
const { app } = electron;
const logger = createLogger({ name: 'parley-desktop' });
const links = new PendingLinks();

electron.protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
// Windows shows notifications only for an app with a user model id; the installer registers this one (appId).
if (process.platform === 'win32') app.setAppUserModelId('chat.parley.desktop');

if (!claimSingleInstance(app, links)) {
  app.quit();
} else {
  registerDeepLinkScheme(app, process.argv);
  hardenWebContents(electron);
  const first = findDeepLink(process.argv);
  if (first) links.open(first);

  app
    .whenReady()
    .then(() =>
      startDesktop({
        electron,
        platform: process.platform,
        env: process.env,
        argv: process.argv,
        paths: shellPaths({
          mainDir: import.meta.dirname,
          appPath: app.getAppPath(),
          resourcesPath: process.resourcesPath,
          userData: app.getPath('userData'),
          isPackaged: app.isPackaged,
        }),
        logger,
        dev: !app.isPackaged,
        links,
        updater: electronUpdater.autoUpdater,
        openMessenger: (options) => Messenger.open(options),
      }),
    )
    .catch((error: unknown) => {
      logger.fatal({ error: error instanceof Error ? error.stack : String(error) }, 'Parley could not start');
      electron.dialog.showErrorBox('Parley could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
