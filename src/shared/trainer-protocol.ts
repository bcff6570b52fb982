import { z } from 'zod';
import { BACKENDS } from './domain/run';
import { trialConfigSchema } from './domain/hparams';
import { datasetMetaSchema } from './domain/dataset';

/**
 * Messages between the host (scheduler, via a Launcher) and one trainer process. Both directions are
 * zod schemas so each side parses what it receives: a trainer built from another version is refused
 * at `ready` instead of misreading fields mid-study.
 */
export const TRAINER_PROTOCOL_VERSION = 2;

const backendPref = z.enum([...BACKENDS, 'auto']);

export const startMessageSchema = z.object({
  type: z.literal('start'),
  protocol: z.number().int(),
  runId: z.number().int(),
  /** Which launch of the run this is (1-based); messages are stored against it. */
  attempt: z.number().int().min(1),
  config: trialConfigSchema,
  dataset: z.object({ meta: datasetMetaSchema, cacheDir: z.string() }),
  backend: backendPref,
  /** Directory the trainer owns for this run: checkpoints go to `<runDir>/checkpoints/epoch-<n>/`. */
  runDir: z.string(),
  /** Resume: load this checkpoint (model + optimizer + schedule + early-stopping state) and continue after its epoch. */
  resumeFrom: z.object({ epoch: z.number().int().min(1), path: z.string() }).optional(),
  heartbeatMs: z.number().int().positive(),
  /** Threads for the wasm backend (1 = no worker threads). */
  threads: z.number().int().min(1).default(1),
  /**
   * After each epoch message, wait for the host's `verdict` on it before training the next epoch: a
   * pruner or a budget judges every epoch, and a trial it stops then ends at that epoch, not one later.
   */
  verdicts: z.boolean().default(false),
});

export const stopMessageSchema = z.object({
  type: z.literal('stop'),
  /** `epoch-end`: finish the current epoch, checkpoint, report done (pruning/early stop on request). */
  mode: z.enum(['epoch-end', 'now']),
  reason: z.enum(['pruned', 'cancelled', 'paused']),
});

/** Evaluate a finished run's saved model on the held-out test split (never used while tuning). */
export const evaluateMessageSchema = z.object({
  type: z.literal('evaluate'),
  protocol: z.number().int(),
  runId: z.number().int(),
  config: trialConfigSchema,
  dataset: z.object({ meta: datasetMetaSchema, cacheDir: z.string() }),
  backend: backendPref,
  checkpoint: z.string(),
  heartbeatMs: z.number().int().positive(),
});

/** The host's judgement of an epoch (see `verdicts`): go on, or stop here (pruned, or paused by the budget). */
export const verdictMessageSchema = z.object({ type: z.literal('verdict'), epoch: z.number().int().min(1), stop: z.enum(['pruned', 'paused']).nullable() });

/** Withdraws an `epoch-end` stop not yet carried out (the user resumed right after pausing). */
export const continueMessageSchema = z.object({ type: z.literal('continue') });

export const hostToTrainerSchema = z.discriminatedUnion('type', [startMessageSchema, stopMessageSchema, evaluateMessageSchema, continueMessageSchema, verdictMessageSchema]);
export type EvaluateMessage = z.infer<typeof evaluateMessageSchema>;
export type StartMessage = z.infer<typeof startMessageSchema>;
export type StopMessage = z.infer<typeof stopMessageSchema>;
export type HostToTrainer = z.infer<typeof hostToTrainerSchema>;

export const epochMetricsSchema = z.record(z.string(), z.number());

export const trainerToHostSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    protocol: z.number().int(),
    pid: z.number().int(),
    backend: z.enum(BACKENDS),
    /** Why faster backends were skipped, e.g. "tensorflow: Cannot find module '@tensorflow/tfjs-node'". */
    backendNotes: z.array(z.string()),
    /** Layers/ops that fell back to a slower path on this backend (recorded on the run, never silent). */
    fallbacks: z.array(z.string()),
  }),
  z.object({ type: z.literal('heartbeat'), at: z.number() }),
  z.object({
    type: z.literal('epoch'),
    /** 1-based epoch number. */
    epoch: z.number().int().min(1),
    /** loss, val_loss, accuracy, val_accuracy, val_precision, val_recall, val_f1, mse, mae, val_mse, val_mae, lr, epoch_time_ms, samples_per_sec. */
    metrics: epochMetricsSchema,
    wallTime: z.number(),
    /**
     * The checkpoint written at this epoch's end, before this message was sent: the host stores both in
     * one transaction, so an epoch on record is always one a resume continues after.
     */
    checkpoint: z.object({ path: z.string(), isBest: z.boolean() }).nullable(),
  }),
  z.object({
    type: z.literal('done'),
    epochsDone: z.number().int().min(0),
    bestEpoch: z.number().int().min(0),
    /** Why training ended before `epochs`: early stopping, or a stop request. */
    stoppedBy: z.enum(['completed', 'early_stopping', 'pruned', 'cancelled', 'paused']),
    /** Path of the checkpoint holding the weights to export (best epoch when restore-best is on, else last). */
    finalCheckpoint: z.string().nullable(),
  }),
  z.object({
    type: z.literal('failed'),
    message: z.string(),
    stack: z.string().optional(),
    /**
     * The cause lies outside the trial's config (disk full, I/O error, too many open files): another
     * attempt from the last checkpoint may succeed. A bad config, a shape error or a diverged loss is not.
     */
    retryable: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('evaluation'),
    /** test_loss, test_accuracy/precision/recall/f1 or test_mse/test_mae. */
    metrics: epochMetricsSchema,
    confusion: z.array(z.array(z.number())).optional(),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type TrainerToHost = z.infer<typeof trainerToHostSchema>;
export type EpochMessage = Extract<TrainerToHost, { type: 'epoch' }>;
