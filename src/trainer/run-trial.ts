import { readSplit } from '../formats/dataset-cache';
import type { StartMessage, TrainerToHost } from '../shared/trainer-protocol';
import { AppError } from '../shared/result';
import { restoreCheckpoint } from './io/checkpoint-reader';
import { checkpointDir, pruneCheckpoints, writeCheckpoint } from './io/checkpoint-writer';
import { lockRunDir } from './io/run-dir-lock';
import { openSession } from './training/open-session';
import { trainingMeta } from './training/session';
import { disposeSplit, uploadSplit, type SplitTensors } from './training/split-tensors';
import { trainLoop, type LoopState, type StopReason } from './training/train-loop';

export interface TrialHooks {
  send(msg: TrainerToHost): void;
  /** Stop requested by the host (mode 'epoch-end'); read at every epoch boundary. */
  shouldStop(): StopReason | null;
  /** Runs before each epoch; the process entry uses it for test-only fault injection. */
  beforeEpoch?(epoch: number): Promise<void> | void;
  /** Runs after each epoch has been reported: the entry waits there for the host's verdict on it. */
  afterEpoch?(epoch: number): Promise<void> | void;
}

/**
 * One trial, start to finish: reads the train and val splits (never test: it stays unseen while
 * tuning), builds the model, optionally resumes from a checkpoint, trains, and reports every epoch,
 * every checkpoint and the end. Errors propagate; the caller turns them into a 'failed' message.
 * It works in its run folder alone (run-dir-lock.ts).
 */
export async function runTrial(start: StartMessage, hooks: TrialHooks): Promise<void> {
  const { config, runDir } = start;
  const { meta } = start.dataset;
  if (config.task !== meta.task) throw new AppError('invalid_input', `run ${start.runId}: config task '${config.task}' does not match dataset ${meta.name}'s task '${meta.task}'`);
  const unlock = await lockRunDir(runDir);
  try {
    await trainLocked(start, hooks);
  } finally {
    unlock();
  }
}

async function trainLocked(start: StartMessage, hooks: TrialHooks): Promise<void> {
  const { config, runDir } = start;
  const { meta, cacheDir } = start.dataset;
  const session = await openSession(config, meta);
  const fed = trainingMeta(config, meta);
  let train: SplitTensors | undefined;
  let val: SplitTensors | undefined;
  try {
    train = uploadSplit(fed, readSplit(cacheDir, meta, 'train'));
    val = uploadSplit(fed, readSplit(cacheDir, meta, 'val'));
    let resume: LoopState | undefined;
    if (start.resumeFrom) {
      resume = (await restoreCheckpoint(start.resumeFrom.path, session)).loop;
      if (resume.epoch !== start.resumeFrom.epoch) {
        throw new AppError('invalid_input', `${start.resumeFrom.path}: checkpoint holds epoch ${resume.epoch}, resume asked for epoch ${start.resumeFrom.epoch}`);
      }
    }
    const outcome = await trainLoop(
      session,
      { train, val },
      {
        beforeEpoch: hooks.beforeEpoch,
        // Checkpoint first, then one message with the epoch and its checkpoint: the host stores them in
        // one transaction, so an epoch whose metrics are on record is never trained again on resume.
        onCheckpoint: async (r) => {
          const path = await writeCheckpoint(runDir, { model: session.model, optimizer: session.optimizer, seed: config.seed, loop: r.state, valConfusion: r.confusion });
          // Keep the previous epoch's checkpoint too: it is the one the host has on record until the
          // message below is stored, so a crash in between still resumes from a file that exists.
          pruneCheckpoints(runDir, [r.epoch, r.epoch - 1, r.state.earlyStopping.bestEpoch]);
          hooks.send({ type: 'epoch', epoch: r.epoch, metrics: r.metrics, wallTime: Date.now(), checkpoint: { path, isBest: r.isBest } });
          await hooks.afterEpoch?.(r.epoch);
        },
        onDiverged: (epoch, metrics) => hooks.send({ type: 'epoch', epoch, metrics, wallTime: Date.now(), checkpoint: null }),
        shouldStop: hooks.shouldStop,
      },
      resume,
    );
    const finalEpoch = config.hparams.es_restore_best ? outcome.bestEpoch : outcome.epochsDone;
    hooks.send({
      type: 'done',
      epochsDone: outcome.epochsDone,
      bestEpoch: outcome.bestEpoch,
      stoppedBy: outcome.stoppedBy,
      finalCheckpoint: finalEpoch > 0 ? checkpointDir(runDir, finalEpoch) : null,
    });
  } finally {
    if (train) disposeSplit(train);
    if (val) disposeSplit(val);
    session.dispose();
  }
}
