import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockRunDir } from '../../../../src/trainer/io/run-dir-lock';
import { useTempDir, waitFor } from '../../../helpers/temp-dir';

describe('lockRunDir: one trainer per run folder', () => {
  const tempDir = useTempDir();

  it('waits for a live holder to exit, then takes the folder', async () => {
    const runDir = tempDir();
    // Another process holds the lock until we tell it to go.
    const holder = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(runDir, 'trainer.lock'))}, String(process.pid)); process.stdin.on('data', () => process.exit(0));`], { stdio: ['pipe', 'ignore', 'inherit'] });
    await waitFor('the holder to take the lock', () => fs.existsSync(path.join(runDir, 'trainer.lock')));
    let taken = false;
    const locking = lockRunDir(runDir).then((release) => {
      taken = true;
      return release;
    });
    await new Promise((r) => setImmediate(r));
    expect(taken).toBe(false);
    holder.stdin!.write('go');
    const release = await locking;
    expect(fs.readFileSync(path.join(runDir, 'trainer.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(runDir, 'trainer.lock'))).toBe(false);
  });

  it("takes over a dead trainer's lock at once", async () => {
    const runDir = tempDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(path.join(runDir, 'trainer.lock'), String(dead.pid));
    const release = await lockRunDir(runDir);
    expect(fs.readFileSync(path.join(runDir, 'trainer.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
