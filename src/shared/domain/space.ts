import { z } from 'zod';

/**
 * One hyperparameter's search domain. The five kinds users know from Optuna / Keras Tuner:
 * a fixed value, a categorical choice, an int range (with step), a float range, a log-scaled float range.
 */
export const paramValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export type ParamValue = z.infer<typeof paramValueSchema>;

export const fixedDomainSchema = z.object({ type: z.literal('fixed'), value: paramValueSchema }).strict();
export const choiceDomainSchema = z
  .object({ type: z.literal('choice'), values: z.array(paramValueSchema).min(1, 'needs at least one value') })
  .strict();
export const intDomainSchema = z
  .object({
    type: z.literal('int'),
    low: z.number().int(),
    high: z.number().int(),
    step: z.number().int().positive().default(1),
    /** Log scale (Optuna's `log=True`): values spread evenly over decades; needs low ≥ 1 and step 1. */
    log: z.boolean().optional(),
    /** Explicit grid points; without them grid search enumerates low..high by step. */
    grid: z.array(z.number().int()).optional(),
  })
  .strict();
export const floatDomainSchema = z
  .object({
    type: z.literal('float'),
    low: z.number(),
    high: z.number(),
    /** Grid search needs explicit points (or a count) for continuous ranges. */
    grid: z.array(z.number()).optional(),
    gridPoints: z.number().int().min(2).optional(),
  })
  .strict();
export const logFloatDomainSchema = z
  .object({
    type: z.literal('log-float'),
    low: z.number().positive('must be > 0 on a log scale'),
    high: z.number().positive('must be > 0 on a log scale'),
    grid: z.array(z.number().positive()).optional(),
    gridPoints: z.number().int().min(2).optional(),
  })
  .strict();

export const domainSchema = z.discriminatedUnion('type', [
  fixedDomainSchema,
  choiceDomainSchema,
  intDomainSchema,
  floatDomainSchema,
  logFloatDomainSchema,
]);
export type Domain = z.infer<typeof domainSchema>;

/** Hyperparameter name (see hparams.ts for the names a template understands) → its domain. */
export type SearchSpace = Record<string, Domain>;

/** One point of the space: what a search algorithm suggests and what a run stores in run_param. */
export type ParamSet = Record<string, ParamValue>;
