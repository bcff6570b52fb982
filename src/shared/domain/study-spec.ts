import { z } from 'zod';
import { executorSchema } from './executor';
import { domainSchema } from './space';
import { TASKS, TEMPLATES } from './hparams';
import { BACKENDS } from './run';
import { prunerFieldSchema, samplerOptionsSchema } from './search-options';

/**
 * A study spec, as written in YAML/JSON for the CLI and produced by the New-study form. Validation
 * that needs more than shapes (hyperparameter names per template, low < high, objective metric known
 * for the task) lives in src/main/core/search/validate-spec.ts, which reports the key path and reason.
 */
export const ALGORITHMS = ['grid', 'random', 'tpe'] as const;

export const studySpecSchema = z
  .object({
    name: z.string().min(1).max(200),
    /** Dataset name or content hash as registered in the store, or a built-in sample (`sample:<name>`). */
    dataset: z.string().min(1),
    template: z.enum(TEMPLATES),
    /**
     * Template transfer only: the model to start from, a base model's name (imported with
     * `hparam-studio import-model` or a drop) or an earlier run as `run:<id>`.
     */
    baseModel: z.string().min(1).max(300).optional(),
    /** Defaults to the dataset's task. */
    task: z.enum(TASKS).optional(),
    objective: z
      .object({ metric: z.string().min(1), direction: z.enum(['minimize', 'maximize']) })
      .strict()
      .default({ metric: 'val_loss', direction: 'minimize' }),
    algorithm: z.enum(ALGORITHMS).default('random'),
    /** Options of the tpe sampler (see search-options.ts). */
    sampler: samplerOptionsSchema.optional(),
    /** Early termination of unpromising trials at epoch boundaries; none when absent. */
    pruner: prunerFieldSchema.optional(),
    seed: z.number().int().min(0).default(0),
    budget: z
      .object({
        maxTrials: z.number().int().positive().optional(),
        maxTimeSec: z.number().positive().optional(),
        /** Total epochs trained over all trials: the natural unit once trials are pruned. */
        maxEpochs: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /** Trials at once; defaults to the number of CPU cores. */
    concurrency: z.number().int().min(1).max(256).optional(),
    backend: z.enum([...BACKENDS, 'auto']).default('auto'),
    /**
     * Attempts a trial may make when it dies of something outside its config (signal, out of memory,
     * heartbeat, disk full): each retry continues from its last checkpoint. A config error is never retried.
     */
    maxAttempts: z.number().int().min(1).max(10).default(2),
    /**
     * Trains every configuration this many times, each with its own seed (to see the spread a seed
     * alone makes). Required for an empty space: without it `space: {}` is refused as a study with
     * nothing to search.
     */
    repeats: z.number().int().min(1).max(1000).optional(),
    /**
     * Where trials train: `{ type: local }` (default) or `{ type: bullmq, redis: redis://HOST:PORT }` for
     * remote workers (`hparam-studio worker`); the sampler and the pruner stay with the owner either way.
     */
    executor: executorSchema.optional(),
    space: z.record(z.string(), domainSchema),
  })
  .strict();

export type StudySpec = z.infer<typeof studySpecSchema>;
export type StudySpecInput = z.input<typeof studySpecSchema>;
