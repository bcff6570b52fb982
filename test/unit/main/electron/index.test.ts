import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ipcChannel } from '../../../../src/shared/contract';
import { useTempDir } from '../../../helpers/temp-dir';
import { BrowserWindow, shell } from './electron-stand-in';

/** src/main/electron/index.ts runs at import: each test imports a fresh copy against a fresh stand-in Electron. */
describe('the Electron entry point', () => {
  const tempDir = useTempDir();
  let dataDir: string;
  beforeEach(() => {
    shell.reset();
    vi.resetModules();
    dataDir = tempDir();
    vi.stubEnv('HPS_DATA_DIR', dataDir);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('quits at once when another instance holds the lock', async () => {
    shell.app.singleInstance = false;
    await import('../../../../src/main/electron/index');
    expect(shell.app.quitCalls).toBe(1);
    expect(shell.ipcMain.handlers.size).toBe(0);
  });

  it('opens the services in the data directory, registers IPC and opens the window; quits cleanly', async () => {
    await import('../../../../src/main/electron/index');
    expect(shell.app.getPath('userData')).toBe(dataDir);
    shell.app.becomeReady();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    expect([...shell.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => ipcChannel.invoke(m)).sort());
    expect(fs.existsSync(`${dataDir}/studies.db`)).toBe(true);

    // Quit: the first will-quit is held back while the services close, then the app quits again.
    const done = new Promise<void>((resolve) => {
      let seen = 0;
      shell.app.on('will-quit', () => ++seen === 2 && resolve());
    });
    shell.app.emit('window-all-closed');
    await done;
    expect(shell.app.quitCalls).toBe(2);
  });

  it('shows an error box and exits 1 when the services cannot open', async () => {
    fs.writeFileSync(`${dataDir}/studies.db`, 'this is not a database');
    await import('../../../../src/main/electron/index');
    shell.app.becomeReady();
    await vi.waitFor(() => expect(shell.app.exitCode).toBe(1));
    expect(shell.errorBoxes[0]?.[0]).toBe('HParam Studio could not start');
    expect(shell.errorBoxes[0]?.[1]).toMatch(/studies\.db/);
  });
});
