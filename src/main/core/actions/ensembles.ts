import { rankRuns } from '../../../shared/analysis/seed-groups';
import type { BackendPreference } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { TRAINER_PROTOCOL_VERSION, type EnsembleMessage, type TrainerToHost } from '../../../shared/trainer-protocol';
import type { JobPlacement } from '../scheduler/trainer-job';
import { trainingNormalization } from '../export/training-normalization';
import type { Services } from '../services';
import type { EnsembleEvaluationRow, EnsembleMethod, EnsembleRow } from '../store/ensembles';
import type { RunRow, StudyRow } from '../store/types';
import { listRuns } from './runs';
import { requireStudy } from './studies';

export interface EnsembleRequest {
  studyId: number | string;
  /** The study's best K finished runs (default 3; with greedy, the library to pick from, default 10). */
  top?: number;
  /** These runs instead of the best ones. */
  runIds?: number[];
  /** Caruana's greedy selection with replacement instead of a plain average of all. */
  greedy?: boolean;
  /** Greedy steps (default: three times the library, at least 25). */
  iterations?: number;
  name?: string;
  backend?: BackendPreference;
}

/** Validation metrics the ensemble job computes: an objective it can rank by. */
const SCORED = ['val_loss', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1', 'val_mse', 'val_mae'];

type EnsembleResult = Extract<TrainerToHost, { type: 'ensemble-result' }>;

const modelOf = (run: RunRow) => run.finalCheckpoint ?? run.lastCheckpoint;

function candidates(services: Services, study: StudyRow, req: EnsembleRequest): RunRow[] {
  if (req.runIds && req.runIds.length > 0) {
    return [...new Set(req.runIds)].map((id) => {
      const run = services.store.getRun(id);
      if (!run || run.studyId !== study.id) throw new AppError('invalid_input', `runIds: run ${id} is not a run of study ${study.name}`);
      if (!['completed', 'pruned'].includes(run.status) || !modelOf(run)) {
        throw new AppError('invalid_input', `runIds: run ${id} is ${run.status}${modelOf(run) ? '' : ' with no saved model'}; an ensemble takes finished runs`);
      }
      return run;
    });
  }
  const k = req.top ?? (req.greedy ? 10 : 3);
  return rankRuns(listRuns(services, study.id), study.objectiveDirection)
    .filter((r) => modelOf(r) !== null)
    .slice(0, k);
}

/** The job message for scoring `members` of a study on a split. */
function jobMessage(services: Services, study: StudyRow, members: { runId: number; checkpoint: string }[], weights: number[], opts: Pick<EnsembleMessage, 'split' | 'select' | 'ensembleId'> & { backend?: BackendPreference }) {
  const dataset = services.store.getDataset(study.datasetId);
  if (!dataset) throw new AppError('not_found', `study ${study.name}: its dataset is gone`);
  return (heartbeatMs: number, at: JobPlacement): EnsembleMessage => ({
    ...at,
    type: 'ensemble',
    protocol: TRAINER_PROTOCOL_VERSION,
    ensembleId: opts.ensembleId,
    task: study.task,
    members,
    weights,
    dataset,
    normalization: trainingNormalization(services.store, study, dataset.meta),
    split: opts.split,
    select: opts.select,
    objective: { metric: study.objectiveMetric, direction: study.objectiveDirection },
    backend: opts.backend ?? study.spec.backend,
    heartbeatMs,
  });
}

const answer = (msg: TrainerToHost): EnsembleResult | undefined => (msg.type === 'ensemble-result' ? msg : undefined);

/**
 * Builds an ensemble of a study's runs and scores it on the validation split in a trainer process (a
 * scheduler slot, like a trial): the top K runs averaged, chosen runs averaged, or greedy selection
 * with replacement over them. Stored with each member's weight and validation scores; members greedy
 * left out are not stored.
 */
export async function createEnsemble(services: Services, req: EnsembleRequest): Promise<EnsembleRow> {
  const study = requireStudy(services, req.studyId, 'studyId');
  if (!SCORED.includes(study.objectiveMetric)) {
    throw new AppError('invalid_input', `study ${study.name}: its objective ${study.objectiveMetric} is not a validation metric an ensemble can be scored by (${SCORED.join(', ')})`);
  }
  const runs = candidates(services, study, req);
  if (runs.length < 2) {
    throw new AppError('conflict', `study ${study.name} has ${runs.length} finished run(s) with a saved model${req.runIds ? ' among those given' : ''}; an ensemble needs at least 2`);
  }
  const members = runs.map((r) => ({ runId: r.id, checkpoint: modelOf(r)! }));
  const iterations = req.iterations ?? Math.max(25, 3 * runs.length);
  const method: EnsembleMethod = req.greedy ? 'greedy' : req.runIds ? 'selected' : 'top-k';
  const result = await services.scheduler.runJob({
    label: `ensemble of study ${study.name}`,
    runId: 0,
    message: jobMessage(services, study, members, members.map(() => 1), {
      ensembleId: 0,
      split: 'val',
      select: req.greedy ? { method: 'greedy', iterations } : { method: 'fixed' },
      backend: req.backend,
    }),
    answer,
  });
  const kept = members.flatMap((m, i) => (result.weights[i]! > 0 ? [{ ...m, weight: result.weights[i]!, valMetrics: result.memberMetrics[i]! }] : []));
  const name = req.name ?? (method === 'greedy' ? `greedy of top ${runs.length}` : method === 'top-k' ? `top ${runs.length}` : `${runs.length} selected runs`);
  const ensemble = services.store.ensembles.add({ studyId: study.id, name, method, valMetrics: result.metrics, confusion: result.confusion, trace: result.trace, members: kept });
  services.emitEvent({ type: 'study-updated', studyId: study.id });
  return ensemble;
}

export function requireEnsemble(services: Services, id: number): EnsembleRow {
  const ensemble = services.store.ensembles.get(id);
  if (!ensemble) throw new AppError('not_found', `ensembleId: no ensemble ${id}`);
  return ensemble;
}

/**
 * Scores an ensemble on the held-out test split, once: its members' saved models with its weights, in a
 * trainer process. A second look needs `force`, as for a run.
 */
export async function evaluateEnsemble(services: Services, id: number, opts: { force?: boolean; requestedBy?: string; backend?: BackendPreference } = {}): Promise<EnsembleEvaluationRow> {
  const ensemble = requireEnsemble(services, id);
  const previous = ensemble.evaluations[0];
  if (previous && !opts.force) {
    throw new AppError(
      'conflict',
      `ensemble ${id} was already evaluated on the test split (${previous.createdAt}); the test set is meant to be looked at once — use --force to evaluate again`,
    );
  }
  const study = requireStudy(services, ensemble.studyId);
  const members = ensemble.members.map((m) => ({ runId: m.runId, checkpoint: m.checkpoint }));
  const result = await services.scheduler.runJob({
    label: `test evaluation of ensemble ${id}`,
    runId: 0,
    message: jobMessage(services, study, members, ensemble.members.map((m) => m.weight), { ensembleId: id, split: 'test', select: { method: 'fixed' }, backend: opts.backend }),
    answer,
  });
  services.store.ensembles.recordEvaluation(id, { metrics: result.metrics, confusion: result.confusion, requestedBy: opts.requestedBy });
  services.emitEvent({ type: 'study-updated', studyId: study.id });
  return requireEnsemble(services, id).evaluations.at(-1)!;
}
