import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { MIN_TOKEN_LENGTH } from './signing';

export const TOKEN_FILE = 'worker-token';
export const TOKEN_ENV = 'HPS_WORKER_TOKEN';

/**
 * The owner's worker token: HPS_WORKER_TOKEN, else `<data dir>/worker-token`, created (random, mode 0600)
 * the first time an owner queues remote trials. `hparam-studio workers --token` prints it for workers.
 * Null when there is none yet and `create` is false (a process that only reads).
 */
export function ownerToken(dataDir: string, create: boolean): string | null {
  const fromEnv = process.env[TOKEN_ENV];
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, TOKEN_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new AppError('io_error', `${file}: cannot read the worker token (${(err as Error).message})`);
  }
  if (!create) return null;
  const token = crypto.randomBytes(24).toString('base64url');
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  } catch (err) {
    // Another process of this data directory created it a moment ago: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw new AppError('io_error', `${file}: cannot create the worker token (${(err as Error).message})`);
  }
}

/** A worker's token: --token-file, else HPS_WORKER_TOKEN; a worker without one is refused at start. */
export function workerToken(tokenFile: string | undefined): string {
  if (tokenFile) {
    let token: string;
    try {
      token = fs.readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new AppError('io_error', `--token-file ${tokenFile}: cannot read it (${(err as Error).message})`);
    }
    if (token.length < MIN_TOKEN_LENGTH) throw new AppError('invalid_input', `--token-file ${tokenFile}: holds ${token.length} characters, a worker token has at least ${MIN_TOKEN_LENGTH}`);
    return token;
  }
  const fromEnv = process.env[TOKEN_ENV];
  if (fromEnv) return fromEnv;
  throw new AppError(
    'invalid_input',
    `a worker needs its owner's worker token: set ${TOKEN_ENV} or pass --token-file (on the owner's machine, 'hparam-studio workers --token' prints it)`,
  );
}
