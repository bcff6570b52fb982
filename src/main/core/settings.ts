import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { BACKENDS } from '../../shared/domain/run';
import { AppError } from '../../shared/result';

/** What the user can change in the Settings screen; the data directory itself is fixed at start. */
export const userSettingsSchema = z.object({
  backend: z.enum([...BACKENDS, 'auto']),
  concurrency: z.number().int().min(1).max(256),
  gpuTrials: z.number().int().min(1).max(64),
  /** The owner's Redis for remote workers (credentials included; shown redacted). */
  redisUrl: z.string().min(1).nullable(),
  /** New studies without an `executor` of their own train on the workers. */
  runOnWorkers: z.boolean(),
});
export type UserSettings = z.infer<typeof userSettingsSchema>;

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(): UserSettings {
  // Two trials per GPU: a small model leaves a GPU mostly idle (bench/gpu-check.sh measures 4 vs 1).
  return { backend: 'auto', concurrency: os.availableParallelism(), gpuTrials: 2, redisUrl: null, runOnWorkers: false };
}

/**
 * A small JSON file in the data directory. Only the fields the user set are stored, so a new default
 * (more cores on a new machine) applies to everything the user never chose.
 */
export class SettingsFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = path.join(dataDir, SETTINGS_FILE);
  }

  /** The stored fields only. A damaged file must not keep the app from starting: it reads as empty. */
  readStored(): Partial<UserSettings> {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch {
      return {}; // never saved yet
    }
    try {
      const parsed = userSettingsSchema.partial().safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      console.warn(`[settings] ${this.path}: ignored (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
    } catch (err) {
      console.warn(`[settings] ${this.path}: ignored, not valid JSON (${(err as Error).message})`);
    }
    return {};
  }

  read(): UserSettings {
    return { ...defaultSettings(), ...this.readStored() };
  }

  /** Merges `patch` into the stored fields; written to a temp file and renamed so a crash never truncates it. */
  update(patch: Partial<UserSettings>): UserSettings {
    const stored = { ...this.readStored(), ...userSettingsSchema.partial().parse(patch) };
    const tmp = `${this.path}.tmp-${process.pid}`;
    try {
      fs.mkdirSync(path.dirname(this.path), { recursive: true });
      fs.writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`);
      fs.renameSync(tmp, this.path);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new AppError('io_error', `${this.path}: cannot save settings (${(err as Error).message})`);
    }
    return { ...defaultSettings(), ...stored };
  }
}
