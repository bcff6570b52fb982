import { byEpoch, chanceLossFor, diagnoseFit } from '../../../shared/analysis/fit-diagnosis';
import { summarizeFits } from '../../../shared/analysis/fit-summary';
import { groupRuns, rankRuns, type RunGroup } from '../../../shared/analysis/seed-groups';
import type { StudyFitsDto, TestLookDto } from '../../../shared/contract-analysis';
import type { Services } from '../services';
import type { RunRow } from '../store/types';
import { listRuns } from './runs';
import { requireStudy } from './studies';

/** Finished runs grouped by configuration, best group first (by the mean objective of its seeds). */
export function studyGroups(services: Services, id: number | string): RunGroup[] {
  const study = requireStudy(services, id);
  return groupRuns(listRuns(services, study.id), study.objectiveDirection);
}

/**
 * Finished runs best first, seeds grouped: configurations by their mean, each one's runs best first
 * (what `show` and `export best` rank by; without repeats it is plain best-objective order).
 */
export function leaderboard(services: Services, id: number | string, limit: number): RunRow[] {
  const study = requireStudy(services, id);
  return rankRuns(listRuns(services, study.id), study.objectiveDirection).slice(0, limit);
}

/**
 * Each run's fit diagnosis (from loss and val_loss per epoch), the counts and advice. The learning rate
 * is read only for the runs that diverged (the one place a diagnosis names it): on a study of 10,000
 * runs that saves a third of the curves crossing into JavaScript.
 */
export function studyFits(services: Services, id: number | string): StudyFitsDto {
  const study = requireStudy(services, id);
  const dataset = services.store.getDataset(study.datasetId);
  const chanceLoss = dataset ? chanceLossFor(study.task, dataset.meta.classNames.length, dataset.meta.classCounts?.train) : null;
  const curves = services.store.studyCurves(study.id, ['loss', 'val_loss']);
  const series = (runId: number, name: string) => {
    const curve = curves.get(runId)?.get(name);
    return curve ? byEpoch(curve.steps, curve.values) : [];
  };
  const runs = services.store
    .listRuns(study.id)
    .filter((r) => r.epochsDone > 0)
    .map((r) => {
      let diagnosis = diagnoseFit({ loss: series(r.id, 'loss'), valLoss: series(r.id, 'val_loss'), lr: [] }, { chanceLoss });
      if (diagnosis.kind === 'diverged') {
        const lr = services.store.getMetrics(r.id, ['lr']).find((m) => m.step === (diagnosis as { epoch: number }).epoch);
        diagnosis = { ...diagnosis, lr: lr?.value ?? null };
      }
      return { runId: r.id, diagnosis };
    });
  const summary = summarizeFits(
    runs.map((r) => r.diagnosis),
    study.spec.space,
  );
  return { runs, ...summary };
}

/** Every look at the test split in a study, by runs and ensembles, oldest first. */
export function studyTestLooks(services: Services, id: number | string): TestLookDto[] {
  const study = requireStudy(services, id);
  const trials = new Map(services.store.listRuns(study.id).map((r) => [r.id, r.trialNumber]));
  const looks: TestLookDto[] = services.store.listStudyEvaluations(study.id).map((e) => ({
    kind: 'run',
    runId: e.runId,
    trialNumber: trials.get(e.runId) ?? null,
    ensembleId: null,
    label: `trial ${trials.get(e.runId) ?? '?'}`,
    createdAt: e.createdAt,
    requestedBy: e.requestedBy,
    metrics: e.metrics,
  }));
  for (const ensemble of services.store.ensembles.list(study.id)) {
    for (const e of ensemble.evaluations) {
      looks.push({ kind: 'ensemble', runId: null, trialNumber: null, ensembleId: ensemble.id, label: ensemble.name, createdAt: e.createdAt, requestedBy: e.requestedBy, metrics: e.metrics });
    }
  }
  return looks.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
