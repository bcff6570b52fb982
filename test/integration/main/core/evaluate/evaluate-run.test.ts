import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { assertBuilt, trainerScript, useTempDir } from '../../../../helpers/temp-dir';

describe('evaluating a run on the test split', () => {
  const tempDir = useTempDir();

  it('scores the saved model in a trainer process, records it, and refuses a second look without force', async () => {
    assertBuilt();
    const s = new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 6 }, learning_rate: { type: 'fixed', value: 0.02 } }));
      await s.scheduler.startStudy(study.id);
      const [run] = s.store.listRuns(study.id);
      // Nothing about the test split is reported while tuning.
      expect(s.store.getMetrics(run!.id).some((m) => m.name.startsWith('test_'))).toBe(false);

      const e = await s.evaluateRun(run!.id);
      expect(Object.keys(e.metrics).sort()).toEqual(['test_accuracy', 'test_f1', 'test_loss', 'test_precision', 'test_recall']);
      // Unseen data, same distribution: close to what validation said at the saved epoch.
      const valAcc = s.store.getMetrics(run!.id, ['val_accuracy']).find((m) => m.step === run!.bestEpoch)!.value!;
      expect(e.metrics.test_accuracy).toBeGreaterThan(0.7);
      expect(Math.abs(e.metrics.test_accuracy! - valAcc)).toBeLessThan(0.12);
      const test = s.store.getDataset(study.datasetId)!.meta.splits.test;
      expect(e.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(test);
      expect(s.store.listEvaluations(run!.id)).toHaveLength(1);

      await expect(s.evaluateRun(run!.id)).rejects.toThrow(/already evaluated on the test split.*--force/);
      expect(s.store.listEvaluations(run!.id)).toHaveLength(1);
      const again = await s.evaluateRun(run!.id, { force: true });
      expect(again.metrics.test_loss).toBeCloseTo(e.metrics.test_loss!, 6);
      expect(s.store.listEvaluations(run!.id)).toHaveLength(2);
    } finally {
      await s.close();
    }
  });
});
