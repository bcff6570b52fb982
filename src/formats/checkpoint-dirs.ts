import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a run's checkpoints live in its run folder, for the trainer that writes them and for an owner
 * that receives them from a remote worker: `<runDir>/checkpoints/epoch-<n>/`.
 */
export const checkpointsDir = (runDir: string) => path.join(runDir, 'checkpoints');
export const checkpointDir = (runDir: string, epoch: number) => path.join(checkpointsDir(runDir), `epoch-${epoch}`);

/** The epoch of a checkpoint folder named `epoch-<n>`, or null. */
export function checkpointEpochOf(dir: string): number | null {
  const match = /^epoch-(\d+)$/.exec(path.basename(dir));
  return match ? Number(match[1]) : null;
}

/**
 * Deletes every `epoch-<n>` checkpoint whose epoch is not in `keep` (the latest and the best), and temp
 * dirs left by a writer of this run that died mid-write (one writer per run folder at a time).
 */
export function pruneCheckpoints(runDir: string, keep: number[]): void {
  const dir = checkpointsDir(runDir);
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const epoch = checkpointEpochOf(name);
    const stale = epoch !== null ? !keep.includes(epoch) : name.startsWith('.tmp-epoch-');
    if (stale) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
