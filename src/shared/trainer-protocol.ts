import { z } from 'zod';
import { adapterInfoSchema, deviceIdSchema } from './domain/device';
import { BACKENDS } from './domain/run';
import { TASKS, trialConfigSchema } from './domain/hparams';
import { datasetMetaSchema } from './domain/dataset';

/**
 * Messages between the host (scheduler, via a Launcher) and one trainer process. Both directions are
 * zod schemas so each side parses what it receives: a trainer built from another version is refused
 * at `ready` instead of misreading fields mid-study.
 */
export const TRAINER_PROTOCOL_VERSION = 4;

const backendPref = z.enum([...BACKENDS, 'auto']);

/** Where the host placed the job (see src/main/core/devices/device-pool.ts). */
const placementShape = {
  /** 'cpu', or 'gpu:<index>': a tensorflow-gpu trial sees only that GPU (CUDA_VISIBLE_DEVICES). */
  device: deviceIdSchema.default('cpu'),
  /**
   * Set when the machine has GPUs but this job holds a CPU slot (its GPU slots are all busy): 'auto' then
   * skips the GPU backends with this reason instead of crowding a GPU the host did not give it.
   */
  cpuOnlyReason: z.string().optional(),
};

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
  /** Threads the trial may compute on (wasm: XNNPACK's pool; tensorflow: TF's intra-op pool); 1 = one core. */
  threads: z.number().int().min(1).default(1),
  /**
   * After each epoch message, wait for the host's `verdict` on it before training the next epoch: a
   * pruner or a budget judges every epoch, and a trial it stops then ends at that epoch, not one later.
   */
  verdicts: z.boolean().default(false),
  ...placementShape,
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
  ...placementShape,
});

const normalizationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });

/**
 * Score an ensemble of finished runs' saved models on one split: each member predicts, predictions are
 * averaged (class probabilities, or values for regression) with the members' weights. `select` picks
 * the weights on the validation split: 'fixed' keeps `weights` as given (top-k: all 1), 'greedy' is
 * Caruana et al.'s forward selection with replacement over `iterations` steps. The test split is only
 * ever scored with fixed weights (choosing on it would make it a validation set).
 */
export const ensembleMessageSchema = z.object({
  type: z.literal('ensemble'),
  protocol: z.number().int(),
  /** The ensemble's id when it exists, else 0 (log lines and errors name it). */
  ensembleId: z.number().int().min(0),
  task: z.enum(TASKS),
  members: z.array(z.object({ runId: z.number().int(), checkpoint: z.string() })).min(1),
  weights: z.array(z.number().int().min(0)),
  dataset: z.object({ meta: datasetMetaSchema, cacheDir: z.string() }),
  /** What the members were trained on (the dataset's, or a base model's): applied to the split first. */
  normalization: normalizationSchema,
  split: z.enum(['val', 'test']),
  select: z.discriminatedUnion('method', [
    z.object({ method: z.literal('fixed') }),
    z.object({ method: z.literal('greedy'), iterations: z.number().int().min(1).max(1000) }),
  ]),
  objective: z.object({ metric: z.string(), direction: z.enum(['minimize', 'maximize']) }),
  backend: backendPref,
  heartbeatMs: z.number().int().positive(),
  ...placementShape,
});
export type EnsembleMessage = z.infer<typeof ensembleMessageSchema>;
/** The host's judgement of an epoch (see `verdicts`): go on, or stop here (pruned, or paused by the budget). */
export const verdictMessageSchema = z.object({ type: z.literal('verdict'), epoch: z.number().int().min(1), stop: z.enum(['pruned', 'paused']).nullable() });

/** Withdraws an `epoch-end` stop not yet carried out (the user resumed right after pausing). */
export const continueMessageSchema = z.object({ type: z.literal('continue') });

/** Which GPU backends can load in a trainer here (answered with 'probe-result', then the process exits). */
export const probeMessageSchema = z.object({ type: z.literal('probe'), protocol: z.number().int() });

export const hostToTrainerSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  stopMessageSchema,
  evaluateMessageSchema,
  ensembleMessageSchema,
  continueMessageSchema,
  verdictMessageSchema,
  probeMessageSchema,
]);
export type EvaluateMessage = z.infer<typeof evaluateMessageSchema>;
export type StartMessage = z.infer<typeof startMessageSchema>;
export type StopMessage = z.infer<typeof stopMessageSchema>;
export type ProbeMessage = z.infer<typeof probeMessageSchema>;
export type HostToTrainer = z.infer<typeof hostToTrainerSchema>;

export const epochMetricsSchema = z.record(z.string(), z.number());
/**
 * An epoch's metrics may hold NaN or ±Infinity when training diverged: that epoch is reported (without
 * a checkpoint) so the curve shows where and at which learning rate; the store keeps null for them.
 */
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
export const rawEpochMetricsSchema = z.record(z.string(), anyNumber);

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
    /** The WebGPU adapter the webgpu backend trains on (vendor, architecture, description); null otherwise. */
    adapter: adapterInfoSchema.nullable().default(null),
    /** Threads the backend actually computes on (wasm may get fewer than asked; GPU backends: 1 JS thread). */
    threads: z.number().int().min(1).default(1),
  }),
  z.object({ type: z.literal('heartbeat'), at: z.number() }),
  z.object({
    type: z.literal('epoch'),
    /** 1-based epoch number. */
    epoch: z.number().int().min(1),
    /** loss, val_loss, accuracy, val_accuracy, val_precision, val_recall, val_f1, mse, mae, val_mse, val_mae, lr, epoch_time_ms, samples_per_sec. */
    metrics: rawEpochMetricsSchema,
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
  z.object({
    type: z.literal('ensemble-result'),
    /** The weights scored (as chosen by the selection), one per member in message order; 0 = left out. */
    weights: z.array(z.number().int().min(0)),
    /** The ensemble's metrics on the split (prefixed val_ or test_), computed as for every member below. */
    metrics: epochMetricsSchema,
    /** Each member's metrics on the same split by the same computation (no weight penalty in the loss). */
    memberMetrics: z.array(epochMetricsSchema),
    confusion: z.array(z.array(z.number())).optional(),
    /** Greedy selection: the ensemble's objective after each step. */
    trace: z.array(z.number()).optional(),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({
    type: z.literal('probe-result'),
    /** The adapter Dawn offers for 'high-performance', or null with the reason there is none. */
    webgpu: z.object({ adapter: adapterInfoSchema.nullable(), reason: z.string().nullable() }),
    /** @tensorflow/tfjs-node-gpu resolves here (whether CUDA works shows only when a trial loads it). */
    tensorflowGpu: z.object({ installed: z.boolean() }),
    /** @tensorflow/tfjs-node resolves here (a CPU backend). */
    tensorflow: z.object({ installed: z.boolean() }).default({ installed: false }),
  }),
]);
export type TrainerToHost = z.infer<typeof trainerToHostSchema>;
export type EpochMessage = Extract<TrainerToHost, { type: 'epoch' }>;
