import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../../src/main/core/store/store';
import { runCli, spawnCli } from '../../../helpers/cli';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { peek } from '../../../helpers/store-probe';
import { assertBuilt, useTempDir, waitFor } from '../../../helpers/temp-dir';

/**
 * Two processes on one data directory: the owner trains (a CLI `run`), and other processes list, show,
 * resume, import and start a second study meanwhile. Nothing is marked interrupted, no run trains twice,
 * both studies complete — and the lookers write nothing.
 */
/** Epochs stored for study 1 so far (0 while the owner is still creating the database). */
const epochsOnRecord = (dbPath: string): number => peek(dbPath, (s) => Math.max(0, ...s.listRuns(1).map((r) => r.epochsDone))) ?? 0;

/** Runs of study 1 running now. */
const runsRunning = (dbPath: string): number => peek(dbPath, (s) => s.listRuns(1, { status: ['running'] }).length) ?? 0;

describe('one owner per data directory', () => {
  const tempDir = useTempDir();

  function specFile(dir: string, name: string, epochs = 6): string {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(tinyStudySpec({ name, budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: epochs } })));
    return file;
  }

  it('the owner trains while others list, show, resume, import and run: no run interrupted or trained twice', async () => {
    assertBuilt();
    const dataDir = tempDir();
    // Trials wait before epoch 2 until the gate file exists: the owner stays busy while the others act.
    const gate = path.join(dataDir, 'gate');
    const owner = spawnCli(dataDir, ['run', specFile(dataDir, 'first')], { HPS_TRAINER_FAULT: `gate=${gate}` });
    const dbPath = path.join(dataDir, 'studies.db');
    await waitFor(`the owner to train (output: ${owner.output()})`, () => epochsOnRecord(dbPath) >= 1, 60_000);

    const listed = await runCli(dataDir, ['list']);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/first\s+running/);
    expect(listed.output).not.toMatch(/interrupted/);
    const shown = await runCli(dataDir, ['show', '1']);
    expect(shown.code).toBe(0);
    expect(shown.output).toMatch(/Study first \(id 1\) — running/);
    // resume of a running study goes to its owner, which is already running it: a no-op, not a second trainer.
    const resumed = spawnCli(dataDir, ['resume', '1']);
    const csv = path.join(dataDir, 'points.csv');
    fs.writeFileSync(csv, `a,b,label\n${Array.from({ length: 60 }, (_, i) => `${i},${(i * 7) % 13},${i % 2 ? 'yes' : 'no'}`).join('\n')}\n`);
    const imported = await runCli(dataDir, ['import', csv, '--target', 'label']);
    expect(imported.output).toMatch(/Imported points/);
    expect(imported.code).toBe(0);
    const second = spawnCli(dataDir, ['run', specFile(dataDir, 'second', 3)]);
    await waitFor(`the second run to reach the owner (output: ${second.output()})`, () => /run by the process that owns the data directory/.test(second.output()), 60_000);
    fs.writeFileSync(gate, '');

    expect((await second.exited).code).toBe(0);
    expect((await owner.exited).code).toBe(0);
    expect((await resumed.exited).code).toBe(0);
    const store = Store.openReadOnly(dbPath);
    try {
      for (const id of [1, 2]) {
        expect(store.getStudy(id)?.status).toBe('completed');
        for (const run of store.listRuns(id)) {
          expect(run.status).toBe('completed');
          // One launch each: nobody interrupted it, nobody launched it a second time.
          expect(store.listAttempts(run.id).map((a) => a.outcome)).toEqual(['completed']);
          const steps = store.getMetrics(run.id, ['loss']).map((m) => m.step);
          expect(steps).toEqual(Array.from({ length: run.epochsDone }, (_, i) => i + 1));
        }
      }
      expect(store.listDatasets().map((d) => d.meta.name)).toContain('points');
    } finally {
      store.close();
    }
  });

  it('pause, cancel and clone from other processes are stored by the owner and carried out', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const gate = path.join(dataDir, 'gate');
    const owner = spawnCli(dataDir, ['run', specFile(dataDir, 'paused', 4)], { HPS_TRAINER_FAULT: `gate=${gate}` });
    const dbPath = path.join(dataDir, 'studies.db');
    await waitFor(`both trials to train (output: ${owner.output()})`, () => epochsOnRecord(dbPath) >= 1 && runsRunning(dbPath) === 2, 60_000);
    const cancelled = await runCli(dataDir, ['cancel', '2']);
    expect(cancelled.code, cancelled.output).toBe(0);
    const paused = await runCli(dataDir, ['pause', '1']);
    expect(paused.code, paused.output).toBe(0);
    expect(paused.output).toMatch(/Study paused \(id 1\) paused; 1 trial\(s\) finish their epoch first/);
    fs.writeFileSync(gate, '');
    expect((await owner.exited).code).toBe(0);
    expect(owner.output()).toMatch(/Study paused \(id 1\) paused\./);

    // No owner now: clone makes this command the owner, which starts the study for the clone (a paused
    // study resumes, as in the app): the clone trains, and the paused run continues from its checkpoint.
    const cloned = await runCli(dataDir, ['clone', '1', '--set', 'learning_rate=0.005']);
    expect(cloned.code, cloned.output).toBe(0);
    expect(cloned.output).toMatch(/Queued run 3 \(trial 3\)/);
    const store = Store.openReadOnly(dbPath);
    try {
      expect(store.listRuns(1).map((r) => [r.id, r.status])).toEqual([
        [1, 'completed'],
        [2, 'cancelled'],
        [3, 'completed'],
      ]);
      expect(store.getRun(3)?.params.learning_rate).toBe(0.005);
      expect(store.listAttempts(1).map((a) => a.outcome)).toEqual(['paused', 'completed']);
      expect(store.listAttempts(1)[1]!.fromEpoch).toBeGreaterThanOrEqual(1);
    } finally {
      store.close();
    }
  });

  it('serve refuses a data directory another process owns, naming it and where it serves the app', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const owner = spawnCli(dataDir, ['run', specFile(dataDir, 'busy', 30)], { HPS_TRAINER_FAULT: 'slow=300' });
    await waitFor(`the owner to publish its API (output: ${owner.output()})`, () => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dataDir, 'owner.json'), 'utf8')).api !== null;
      } catch {
        return false;
      }
    }, 60_000);
    const serve = await runCli(dataDir, ['serve', '--no-open']);
    expect(serve.code).toBe(2);
    expect(serve.output).toMatch(new RegExp(`is in use by hparam-studio run .*busy\\.json \\(pid ${owner.proc.pid}, since .*\\)\\. It serves the app at http://127\\.0\\.0\\.1:\\d+/\\?token=`));
    // Ctrl-C, not SIGKILL: the owner pauses the study and exits after its trainers did, so none is left
    // writing a checkpoint into the folder this test removes next.
    owner.proc.kill('SIGINT');
    expect((await owner.exited).code, owner.output()).toBe(0);
  });

  it('read-only commands write nothing: a 0444 database, and a read-only file system', async () => {
    assertBuilt();
    const dataDir = tempDir();
    expect((await runCli(dataDir, ['run', specFile(dataDir, 'done', 2)])).code).toBe(0);
    const dbPath = path.join(dataDir, 'studies.db');
    fs.chmodSync(dbPath, 0o444);
    const before = fs.readFileSync(dbPath);
    const entries = fs.readdirSync(dataDir).sort();
    for (const args of [['list'], ['show', '1', '--all'], ['show', 'run:1'], ['datasets']]) {
      const r = await runCli(dataDir, args);
      expect(r.code, `${args.join(' ')}: ${r.output}`).toBe(0);
    }
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
    expect(fs.readdirSync(dataDir).sort()).toEqual(entries);

    // The same data directory mounted read-only (a user namespace: no root needed for the mount).
    const mount = tempDir();
    const script = `mount --bind ${dataDir} ${mount} && mount -o remount,bind,ro ${mount} && exec "$@"`;
    const { spawnSync } = await import('node:child_process');
    const { cliScript } = await import('../../../helpers/temp-dir');
    const ro = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', process.execPath, cliScript, '--data-dir', mount, 'show', '1'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(ro.stderr).toBe('');
    expect(ro.status).toBe(0);
    expect(ro.stdout).toMatch(/Study done \(id 1\) — completed/);
  });
});
