import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Who owns a data directory, as the owner publishes it in `owner.json` next to its lock. */
export const ownerInfoSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  /** What kind of process: the desktop app, serve mode, or a CLI command. */
  kind: z.enum(['desktop', 'serve', 'cli']),
  /** How it was started, for messages ("hparam-studio run spec.yaml"). */
  command: z.string(),
  startedAt: z.string(),
  /** Where other processes reach its API (loopback HTTP, same contract as serve mode); null until it listens. */
  api: z.object({ url: z.string(), token: z.string() }).nullable(),
});
export type OwnerInfo = z.infer<typeof ownerInfoSchema>;

export const OWNER_FILE = 'owner.json';

export function ownerFilePath(dataDir: string): string {
  return path.join(dataDir, OWNER_FILE);
}

/** The published owner, or null when there is no readable, well-formed file. */
export function readOwnerFile(dataDir: string): OwnerInfo | null {
  try {
    const parsed = ownerInfoSchema.safeParse(JSON.parse(fs.readFileSync(ownerFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Written atomically and readable by the user only: it carries the API token, which is as good as the
 * user's own access to the data directory (where it lives).
 */
export function writeOwnerFile(dataDir: string, info: OwnerInfo): void {
  const file = ownerFilePath(dataDir);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export function removeOwnerFile(dataDir: string, pid: number): void {
  // Only our own: a successor may already have published itself.
  if (readOwnerFile(dataDir)?.pid === pid) fs.rmSync(ownerFilePath(dataDir), { force: true });
}

/** True when `pid` is a live process on this machine (a pid from another host cannot be checked). */
export function isProcessAlive(info: Pick<OwnerInfo, 'pid' | 'hostname'>): boolean {
  if (info.hostname !== os.hostname()) return true;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "hparam-studio run spec.yaml (pid 4242, since 10:31:02)" */
export function describeOwner(info: OwnerInfo): string {
  const since = new Date(info.startedAt);
  const when = Number.isNaN(since.getTime()) ? info.startedAt : since.toLocaleTimeString();
  const what = info.kind === 'desktop' ? 'the HParam Studio desktop app' : info.kind === 'serve' ? `serve mode (${info.command})` : info.command;
  return `${what} (pid ${info.pid}${info.hostname === os.hostname() ? '' : ` on ${info.hostname}`}, since ${when})`;
}
