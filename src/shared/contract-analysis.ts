import { z } from 'zod';
import { BACKENDS } from './domain/run';
import { paramValueSchema } from './domain/space';
import type { MethodSpec } from './contract';

/**
 * The contract entries for the method around the knobs (issue 12): ensembles of runs, base models for
 * transfer learning, seed groups, fit diagnoses and the study's looks at the test split. Spread into
 * apiContract (contract.ts) like every other entry; kept here so that file stays readable.
 */

const rowId = z.number().int().positive();
const timestamp = z.string();
const studyKey = z.union([rowId, z.string().min(1)]);
const metrics = z.record(z.string(), z.number());
const absolutePath = z
  .string()
  .min(1)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');
/** Who asks for a look at the test split ("CLI", "the app"): recorded and shown with when. */
const requestedBy = z.string().min(1).max(200);

export const ensembleEvaluationSchema = z.object({
  createdAt: timestamp,
  metrics,
  confusion: z.array(z.array(z.number())).nullable(),
  requestedBy: z.string().nullable(),
});
export type EnsembleEvaluationDto = z.infer<typeof ensembleEvaluationSchema>;

export const ensembleSchema = z.object({
  id: rowId,
  studyId: rowId,
  name: z.string(),
  method: z.enum(['top-k', 'greedy', 'selected']),
  /** The ensemble's validation scores (data loss without weight penalties, as for its members below). */
  valMetrics: metrics,
  createdAt: timestamp,
  members: z.array(z.object({ runId: rowId, trialNumber: z.number().int().min(1), weight: z.number().int().min(1), valMetrics: metrics })),
  /** Greedy selection: the objective after each step. */
  trace: z.array(z.number()).nullable(),
  evaluations: z.array(ensembleEvaluationSchema),
});
export type EnsembleDto = z.infer<typeof ensembleSchema>;

export const runGroupSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), paramValueSchema),
  runIds: z.array(rowId),
  n: z.number().int().min(1),
  mean: z.number(),
  std: z.number().nullable(),
  meanFinal: z.number().nullable(),
  meanEpochs: z.number(),
  bestRunId: rowId,
});
export type RunGroupDto = z.infer<typeof runGroupSchema>;

const fitKind = z.enum(['overfitting', 'underfitting', 'diverged', 'good', 'unknown']);
export const fitDiagnosisSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('diverged'), epoch: z.number().int(), metric: z.enum(['loss', 'val_loss']), value: z.number().nullable(), lr: z.number().nullable() }),
  z.object({ kind: z.literal('overfitting'), fromEpoch: z.number().int(), bestEpoch: z.number().int(), bestValLoss: z.number(), finalValLoss: z.number() }),
  z.object({ kind: z.literal('underfitting'), finalLoss: z.number(), finalValLoss: z.number().nullable(), reference: z.string(), trend: z.enum(['flat', 'falling']) }),
  z.object({ kind: z.literal('good') }),
  z.object({ kind: z.literal('unknown'), reason: z.string() }),
]);

export const studyFitsSchema = z.object({
  /** The sentence for a diagnosis is shared/analysis/fit-diagnosis.ts's describeFit, on either side. */
  runs: z.array(z.object({ runId: rowId, diagnosis: fitDiagnosisSchema })),
  counts: z.record(fitKind, z.number().int().min(0)),
  judged: z.number().int().min(0),
  advice: z.array(z.string()),
});
export type StudyFitsDto = z.infer<typeof studyFitsSchema>;

/** One look at the test split by a run or an ensemble of a study. */
export const testLookSchema = z.object({
  kind: z.enum(['run', 'ensemble']),
  runId: rowId.nullable(),
  trialNumber: z.number().int().nullable(),
  ensembleId: rowId.nullable(),
  /** "trial 3", or the ensemble's name. */
  label: z.string(),
  createdAt: timestamp,
  requestedBy: z.string().nullable(),
  metrics,
});
export type TestLookDto = z.infer<typeof testLookSchema>;

export const baseModelSchema = z.object({
  id: rowId,
  name: z.string(),
  source: z.string(),
  inputShape: z.array(z.number().int().positive()),
  /** Whether its bundle says how inputs were normalized (then studies on it use those numbers). */
  hasNormalization: z.boolean(),
  layers: z.array(z.object({ name: z.string(), className: z.string(), params: z.number().int().min(0) })),
  createdAt: timestamp,
});
export type BaseModelDto = z.infer<typeof baseModelSchema>;

const exportOutput = z.object({ dir: z.string(), files: z.array(z.string()), download: z.string().optional() });

export const analysisContract = {
  /** Finished runs grouped by configuration (re-runs with other seeds), best group first by mean objective. */
  'studies.groups': { input: z.object({ id: studyKey }).strict(), output: z.array(runGroupSchema), readOnly: true },
  /** Each run's fit diagnosis from its curves, the counts, and advice when a problem is common. */
  'studies.fits': { input: z.object({ id: studyKey }).strict(), output: studyFitsSchema, readOnly: true },
  /** Every look at the test split by the study's runs and ensembles, oldest first. */
  'studies.testLooks': { input: z.object({ id: studyKey }).strict(), output: z.array(testLookSchema), readOnly: true },

  /**
   * An ensemble of a study's runs, scored on the validation split in a trainer process: the best `top`
   * runs (default 3), or `runIds`, averaged; with `greedy`, Caruana's selection with replacement over
   * them (library default 10).
   */
  'ensembles.create': {
    input: z
      .object({
        studyId: studyKey,
        top: z.number().int().min(2).max(100).optional(),
        runIds: z.array(rowId).min(2).max(100).optional(),
        greedy: z.boolean().optional(),
        iterations: z.number().int().min(1).max(1000).optional(),
        name: z.string().min(1).max(200).optional(),
        backend: z.enum([...BACKENDS, 'auto']).optional(),
      })
      .strict()
      .refine((v) => v.top === undefined || v.runIds === undefined, { message: 'give `top` or `runIds`, not both' }),
    output: ensembleSchema,
  },
  'ensembles.list': { input: z.object({ studyId: studyKey }).strict(), output: z.array(ensembleSchema), readOnly: true },
  'ensembles.get': { input: z.object({ ensembleId: rowId }).strict(), output: ensembleSchema, readOnly: true },
  /** The ensemble on the held-out test split, recorded; a second look needs `force`. */
  'ensembles.evaluate': {
    input: z.object({ ensembleId: rowId, force: z.boolean().optional(), by: requestedBy.optional(), backend: z.enum([...BACKENDS, 'auto']).optional() }).strict(),
    output: ensembleEvaluationSchema,
  },
  /** ONE TensorFlow.js bundle (members averaged over a shared input) with hparam-studio.json; `download` as for runs.export. */
  'ensembles.export': { input: z.object({ ensembleId: rowId, dir: absolutePath.optional() }).strict(), output: exportOutput },

  'baseModels.list': { input: z.undefined(), output: z.array(baseModelSchema), readOnly: true },
  /** Whether a dropped path is a TensorFlow.js model (a folder holding model.json, or model.json) rather than a dataset. */
  'baseModels.probe': { input: z.object({ path: absolutePath }).strict(), output: z.object({ model: z.boolean() }) },
  /**
   * Registers a TensorFlow.js Layers model as a base model for transfer learning: a folder (or its
   * model.json) on main's machine — in serve mode, the `path` an upload returned — or an earlier run.
   */
  'baseModels.import': {
    input: z
      .object({ path: absolutePath.optional(), runId: rowId.optional(), name: z.string().min(1).max(200).optional() })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.runId === undefined), { message: 'give exactly one of `path` or `runId`' }),
    output: baseModelSchema,
  },
} satisfies Record<string, MethodSpec>;
