import { z } from 'zod';

/**
 * Options of the model-based sampler and of the pruner, as a study spec writes them:
 *   algorithm: tpe
 *   sampler: { nStartupTrials: 10, multivariate: true }
 *   pruner: asha                               # or { type: asha, minEpochs: 2, reductionFactor: 3 }
 * Defaults are Optuna's, so results compare with what users know.
 */
export const samplerOptionsSchema = z
  .object({
    /** Random trials before TPE starts modelling (Optuna: 10). */
    nStartupTrials: z.number().int().min(0).max(10_000).optional(),
    /** Candidates drawn from the "good" density per suggestion (Optuna: 24). */
    nEiCandidates: z.number().int().min(1).max(10_000).optional(),
    /** Model the parameters jointly instead of one at a time. */
    multivariate: z.boolean().optional(),
    /** Count running trials as bad results so parallel suggestions spread out (default true). */
    constantLiar: z.boolean().optional(),
    /** Weight of the prior kernel against each observed trial (Optuna: 1; ours: 2). */
    priorWeight: z.number().positive().max(1000).optional(),
    /** A study (id or name) over the same space whose finished trials the sampler starts from. */
    warmStartStudy: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
  })
  .strict();
export type SamplerOptions = z.infer<typeof samplerOptionsSchema>;

/**
 * What the tpe sampler uses for an option the spec leaves out (src/main/core/search/tpe/sampler.ts
 * reads these; the New-study form shows them). Optuna's, except the prior weight, which measured
 * better at 2 on bench/search-quality.ts.
 */
export const SAMPLER_DEFAULTS = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  multivariate: false,
  constantLiar: true,
  priorWeight: 2,
} as const satisfies Required<Omit<SamplerOptions, 'warmStartStudy'>>;

export const PRUNERS = ['none', 'median', 'asha', 'hyperband'] as const;
export type PrunerType = (typeof PRUNERS)[number];

const epochs = z.number().int().min(1).max(100_000);

export const prunerSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('median'),
      /** Completed trials needed before any trial is judged (Optuna: 5). */
      warmupTrials: z.number().int().min(0).default(5),
      /** Epochs every trial runs before it is judged (Optuna: 0). */
      warmupEpochs: z.number().int().min(0).default(0),
      /** Judge every this many epochs after the warm-up. */
      intervalEpochs: epochs.default(1),
      /** Trials with a value at an epoch needed to judge at that epoch. */
      minTrials: z.number().int().min(1).default(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('asha'),
      /** Epochs at the first rung. */
      minEpochs: epochs.default(1),
      /** Keep the best 1/reductionFactor at each rung; rungs at minEpochs·factor^k (Optuna: 4). */
      reductionFactor: z.number().int().min(2).max(100).default(4),
      /** Skip the first rungs: the first judgement comes at minEpochs·factor^rate. */
      minEarlyStoppingRate: z.number().int().min(0).max(20).default(0),
    })
    .strict(),
  z
    .object({
      type: z.literal('hyperband'),
      minEpochs: epochs.default(1),
      /** Epochs of the longest trial; defaults to the largest `epochs` in the space. */
      maxEpochs: epochs.optional(),
      reductionFactor: z.number().int().min(2).max(100).default(3),
    })
    .strict(),
]);
export type PrunerSpec = z.infer<typeof prunerSpecSchema>;

/** `pruner: asha` is short for `pruner: { type: asha }`. */
export const prunerFieldSchema = z.preprocess((v) => (typeof v === 'string' ? { type: v } : v), prunerSpecSchema);

/** A pruner of `type` with every option at its default (what a spec's `pruner: asha` means). */
export const prunerDefaults = (type: PrunerType): PrunerSpec => prunerSpecSchema.parse({ type });
