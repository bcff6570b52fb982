import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { defaultDataDir } from '../core/paths';
import { Services } from '../core/services';
import { startServer, type RunningServer } from '../server/server';
import { forwardEvents, registerIpc } from './ipc';
import { ElectronLauncher } from './launcher-electron';
import { createMainWindow, isTrustedRendererUrl, lockDownWebContents, rendererSource } from './window';

/**
 * The Electron shell: everything else (store, scheduler, search) is plain Node, shared with the CLI and
 * serve mode. The desktop app uses the same data directory as the CLI (HPS_DATA_DIR overrides both), so
 * `hparam-studio run` results show up here.
 */
app.setPath('userData', defaultDataDir());

if (!app.requestSingleInstanceLock()) {
  // Two apps writing one SQLite file would race the scheduler; the first instance takes over instead.
  app.quit();
} else {
  startApp();
}

function startApp(): void {
  const source = rendererSource();
  let services: Services | null = null;
  let apiServer: RunningServer | null = null;
  let window: BrowserWindow | null = null;

  lockDownWebContents(source);

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app
    .whenReady()
    .then(() => {
      // Taking ownership of the data directory; a CLI `run` or serve mode already owning it is named
      // in the error dialog (two owners would run one study's trials twice).
      const ready = new Services({ dataDir: app.getPath('userData'), launcher: new ElectronLauncher(), devices: true, owner: { kind: 'desktop', command: 'HParam Studio' } });
      services = ready;
      if (ready.recovered.runs > 0) console.info(`[app] ${ready.recovered.runs} run(s) left running by the previous owner recovered`);
      // CLI commands in a terminal reach the app through the same contract over loopback HTTP.
      void startServer(ready, { rendererDir: path.join(__dirname, '../renderer') })
        .then((server) => {
          apiServer = server;
          ready.publishApi({ url: server.baseUrl, token: server.token });
        })
        .catch((err: unknown) => console.error(`[app] CLI commands cannot reach the app: ${err instanceof Error ? err.message : String(err)}`));
      registerIpc(ready, (url) => isTrustedRendererUrl(url, source));
      window = createMainWindow(source);
      const stopForwarding = forwardEvents(ready, window.webContents);
      window.on('closed', () => {
        stopForwarding();
        window = null;
      });
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('HParam Studio could not start', message);
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());

  // Trainers get their stop message and the database is closed before the process goes away, so a
  // quit never leaves runs marked 'running' with nobody to finish them.
  app.on('will-quit', (event) => {
    if (!services) return; // closed already: this is the second will-quit, after close()
    event.preventDefault();
    const open = services;
    services = null;
    const server = apiServer;
    apiServer = null;
    (server ? server.close() : Promise.resolve())
      .then(() => open.close())
      .catch((err: unknown) => console.error(`[app] closing services failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => app.quit());
  });
}
