import os from 'node:os';
import path from 'node:path';
import { ensureUserDirectory } from './fs/user-path';

/**
 * Where HParam Studio keeps its data. Same directory the Electron app uses (app.getPath('userData')
 * resolves to these on each OS), so the CLI and the desktop app see the same studies.
 * Overrides: HPS_DATA_DIR for the whole directory, HPS_DB (or --db) for the database file.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HPS_DATA_DIR) return path.resolve(env.HPS_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'hparam-studio');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'hparam-studio');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'hparam-studio');
}

export interface DataPaths {
  dataDir: string;
  dbPath: string;
  datasetsDir: string;
  runsDir: string;
}

export function resolveDataPaths(opts: { dataDir?: string; db?: string } = {}, env: NodeJS.ProcessEnv = process.env): DataPaths {
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(env);
  const dbPath = opts.db ? path.resolve(opts.db) : env.HPS_DB ? path.resolve(env.HPS_DB) : path.join(dataDir, 'studies.db');
  return { dataDir, dbPath, datasetsDir: path.join(dataDir, 'datasets'), runsDir: path.join(dataDir, 'runs') };
}

/**
 * resolveDataPaths, then the data folder made sure of (created one checked level at a time, never in
 * /proc, /sys or /dev) before anything writes into it. The database file is checked when it opens.
 */
export function openDataPaths(opts: { dataDir?: string; db?: string } = {}, env: NodeJS.ProcessEnv = process.env): DataPaths {
  const paths = resolveDataPaths(opts, env);
  ensureUserDirectory(paths.dataDir, 'data folder');
  return paths;
}
