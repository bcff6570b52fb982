import { resolveTrialConfig } from '../../../shared/domain/hparams';
import type { BackendPreference } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { TRAINER_PROTOCOL_VERSION, trainerToHostSchema } from '../../../shared/trainer-protocol';
import type { Launcher } from '../scheduler/launcher';
import type { EvaluationRow } from '../store/evaluations';
import type { Store } from '../store/store';

export interface EvaluateOptions {
  /** Evaluate again although the run was already scored on the test split. */
  force?: boolean;
  backend?: BackendPreference;
  timeoutMs?: number;
}

/**
 * Scores a finished run's saved model on the test split, in a trainer process (tfjs never loads in
 * the app's own process), and records that it did. A second look needs `force`: choosing between
 * runs by their test score turns the test set into a second validation set.
 */
export async function evaluateRunOnTest(store: Store, launcher: Launcher, runId: number, opts: EvaluateOptions = {}): Promise<EvaluationRow> {
  const run = store.getRun(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
  if (!checkpoint || run.status === 'running') {
    throw new AppError('conflict', `run ${runId} has no finished model to evaluate (status ${run.status})`);
  }
  const previous = store.listEvaluations(runId);
  if (previous.length > 0 && !opts.force) {
    throw new AppError(
      'conflict',
      `run ${runId} was already evaluated on the test split (${previous[0]!.createdAt}); the test set is meant to be looked at once — use --force to evaluate again`,
    );
  }
  const study = store.getStudy(run.studyId);
  const dataset = study ? store.getDataset(study.datasetId) : undefined;
  if (!study || !dataset) throw new AppError('not_found', `run ${runId}: its study or dataset is gone`);

  const config = resolveTrialConfig(study.template, study.task, run.seed, run.params);
  const proc = launcher.launch({ runId });
  const result = await new Promise<{ metrics: Record<string, number>; confusion?: number[][] }>((resolve, reject) => {
    let failure: string | null = null;
    let got: { metrics: Record<string, number>; confusion?: number[][] } | null = null;
    const timer = setTimeout(() => {
      failure = `evaluation of run ${runId} timed out`;
      proc.kill();
    }, opts.timeoutMs ?? 10 * 60_000);
    proc.onMessage((raw) => {
      const msg = trainerToHostSchema.safeParse(raw);
      if (!msg.success) return;
      if (msg.data.type === 'evaluation') got = { metrics: msg.data.metrics, confusion: msg.data.confusion };
      if (msg.data.type === 'failed') failure = msg.data.message;
    });
    proc.onExit((exit) => {
      clearTimeout(timer);
      if (got) resolve(got);
      else reject(new AppError('internal', `evaluation of run ${runId} failed: ${failure ?? `trainer exited (${exit.reason})`}${exit.stderrTail ? `\n${exit.stderrTail}` : ''}`));
    });
    proc.send({
      type: 'evaluate',
      protocol: TRAINER_PROTOCOL_VERSION,
      runId,
      config,
      dataset,
      backend: opts.backend ?? study.spec.backend,
      checkpoint,
      heartbeatMs: 10_000,
    });
  });
  store.recordEvaluation(runId, { checkpoint, metrics: result.metrics, confusion: result.confusion });
  return store.listEvaluations(runId).at(-1)!;
}
