import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../../src/main/core/store/store';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { assertBuilt, cliScript, useTempDir } from '../../../helpers/temp-dir';

/**
 * A real full disk: the data directory on a small tmpfs (mounted in a user + mount namespace, so no
 * root is needed), filled while trials run. The CLI must not crash, must say what happened, and once
 * space is freed `resume` must finish the study from the checkpoints, losing nothing it had stored.
 */
describe('a full disk under a running study', () => {
  const tempDir = useTempDir();

  it('fails or pauses clearly, keeps the process up, and resume completes once space is back', () => {
    assertBuilt();
    const work = tempDir();
    const mnt = path.join(work, 'data');
    fs.mkdirSync(mnt);
    const spec = path.join(work, 'spec.json');
    fs.writeFileSync(spec, JSON.stringify(tinyStudySpec({ name: 'full', budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 5 } })));
    const node = process.execPath;
    const cli = (args: string) => `CI=1 "${node}" "${cliScript}" --data-dir "${mnt}" ${args}`;
    const script = `
      set -u
      mount -t tmpfs -o size=48m tmpfs "${mnt}" || exit 90
      HPS_TRAINER_FAULT="gate=${mnt}/gate" ${cli(`run "${spec}"`)} > "${work}/run.out" 2>&1 &
      owner=$!
      # Readiness marker: both trials have a checkpoint of epoch 1 (they wait before epoch 2 at the gate).
      until [ -e "${mnt}/runs/1/checkpoints/epoch-1" ] && [ -e "${mnt}/runs/2/checkpoints/epoch-1" ]; do
        kill -0 $owner 2>/dev/null || break; sleep 0.05
      done
      dd if=/dev/zero of="${mnt}/ballast" bs=64k 2>/dev/null
      : > "${mnt}/gate"
      wait $owner; echo $? > "${work}/run.code"
      rm -f "${mnt}/ballast"
      ${cli('resume 1')} > "${work}/resume.out" 2>&1; echo $? > "${work}/resume.code"
      cp "${mnt}/studies.db" "${work}/studies.db"
    `;
    const r = spawnSync('unshare', ['-rm', 'bash', '-c', script], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const runOut = fs.readFileSync(path.join(work, 'run.out'), 'utf8');
    const runCode = Number(fs.readFileSync(path.join(work, 'run.code'), 'utf8'));
    // No crash: an ending the CLI chose (1: every trial failed; 2: the study was stopped with a reason).
    expect([1, 2], runOut).toContain(runCode);
    expect(runOut).not.toMatch(/^\s+at /m);
    expect(runOut).toMatch(/no space left on device|database or disk is full/i);
    const resumeOut = fs.readFileSync(path.join(work, 'resume.out'), 'utf8');
    expect(Number(fs.readFileSync(path.join(work, 'resume.code'), 'utf8')), resumeOut).toBe(0);

    const store = Store.openReadOnly(path.join(work, 'studies.db'));
    try {
      expect(store.getStudy(1)?.status).toBe('completed');
      for (const run of store.listRuns(1)) {
        expect(run.status).toBe('completed');
        expect(store.getMetrics(run.id, ['loss']).map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
        const attempts = store.listAttempts(run.id);
        // The attempt that finished resumed from a checkpoint: epoch 1, stored before the disk filled, was kept.
        expect(attempts.at(-1)).toMatchObject({ outcome: 'completed', fromEpoch: expect.any(Number) });
        expect(attempts.at(-1)!.fromEpoch).toBeGreaterThanOrEqual(1);
      }
    } finally {
      store.close();
    }
  });
});
