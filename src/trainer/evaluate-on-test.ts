import { readSplit } from '../formats/dataset-cache';
import { AppError } from '../shared/result';
import type { EvaluateMessage } from '../shared/trainer-protocol';
import { loadModelWeights } from './io/checkpoint-reader';
import { evaluateSplit, type Evaluation } from './metrics/evaluate';
import { openSession } from './training/open-session';
import { trainingMeta } from './training/session';
import { disposeSplit, uploadSplit } from './training/split-tensors';

/**
 * The one place the test split is read: a finished run's saved weights scored on data no trial saw.
 * Metrics are prefixed `test_` so they can never be mistaken for validation numbers.
 */
export async function evaluateOnTest(msg: EvaluateMessage): Promise<Evaluation> {
  const { meta, cacheDir } = msg.dataset;
  if (meta.splits.test === 0) throw new AppError('invalid_input', `dataset ${meta.name} has no test split (imported with a test fraction of 0)`);
  const session = await openSession(msg.config, meta);
  const test = uploadSplit(trainingMeta(msg.config, meta), readSplit(cacheDir, meta, 'test'));
  try {
    loadModelWeights(msg.checkpoint, session.model);
    return await evaluateSplit(session, test, 'test_');
  } finally {
    disposeSplit(test);
    session.dispose();
  }
}
