import fs from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'trainer.lock';
const WAIT_MS = 15_000;
const POLL_MS = 50;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One trainer per run directory, enforced: `<runDir>/trainer.lock` holds the pid of the trainer that
 * writes there. A trainer orphaned by a killed owner exits at its next message, but until then it may
 * still write a checkpoint; its successor waits for it to be gone instead of sharing the folder (and
 * pruning each other's checkpoints). A lock left by a dead process is taken over. Released on exit.
 */
export async function lockRunDir(runDir: string): Promise<() => void> {
  fs.mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, LOCK_FILE);
  const until = Date.now() + WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(fs.readFileSync(file, 'utf8'));
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      fs.rmSync(file, { force: true }); // a dead trainer's: take it over
      continue;
    }
    if (Date.now() > until) {
      // Retryable: the other trainer will be gone by the next attempt.
      throw Object.assign(new Error(`${runDir}: another trainer (pid ${holder}) still works in this run's folder`), { code: 'EBUSY' });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
