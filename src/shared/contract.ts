import { z } from 'zod';
import { TASKS, TEMPLATES } from './domain/hparams';
import { BACKENDS, RUN_STATUSES, STUDY_STATUSES } from './domain/run';
import { paramValueSchema } from './domain/space';
import { ALGORITHMS, studySpecSchema } from './domain/study-spec';

/**
 * The API between the UI and main, as one map: method name → zod input/output schemas, plus the live
 * events. The IPC handlers, the preload bridge, serve mode and the renderer's ApiClient all derive their
 * types from this file, so adding a call is one entry here plus one handler; the compiler finds the rest.
 * Main parses every input (the renderer is not trusted) and every output (so the wire carries exactly
 * these fields, not whatever else the store row holds).
 */

const rowId = z.number().int().positive();
/** ISO-8601 timestamps, as the store returns them. */
const timestamp = z.string();

const studyBaseShape = {
  id: rowId,
  name: z.string(),
  status: z.enum(STUDY_STATUSES),
  template: z.enum(TEMPLATES),
  task: z.enum(TASKS),
  datasetId: z.string(),
  objectiveMetric: z.string(),
  objectiveDirection: z.enum(['minimize', 'maximize']),
  createdAt: timestamp,
};

export const studySummarySchema = z.object({
  ...studyBaseShape,
  /** Every run status is present (0 when none). */
  runCounts: z.record(z.enum(RUN_STATUSES), z.number().int().min(0)),
  totalRuns: z.number().int().min(0),
  bestObjective: z.number().nullable(),
});
export type StudySummaryDto = z.infer<typeof studySummarySchema>;

export const studyDetailSchema = z.object({
  ...studyBaseShape,
  algorithm: z.enum(ALGORITHMS),
  seed: z.number().int(),
  updatedAt: timestamp,
  spec: studySpecSchema,
});
export type StudyDetailDto = z.infer<typeof studyDetailSchema>;

export const runSchema = z.object({
  id: rowId,
  studyId: rowId,
  trialNumber: z.number().int().min(1),
  status: z.enum(RUN_STATUSES),
  seed: z.number().int(),
  backend: z.enum(BACKENDS).nullable(),
  params: z.record(z.string(), paramValueSchema),
  epochsDone: z.number().int().min(0),
  bestEpoch: z.number().int().min(0).nullable(),
  bestObjective: z.number().nullable(),
  finalObjective: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
});
export type RunDto = z.infer<typeof runSchema>;

export const metricPointSchema = z.object({
  name: z.string(),
  /** Epoch number (1-based). */
  step: z.number().int().min(1),
  /** null where the trainer reported a non-finite value (NaN or ±Infinity loss). */
  value: z.number().nullable(),
  wallTime: z.number(),
});
export type MetricPointDto = z.infer<typeof metricPointSchema>;

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const apiContract = {
  listStudies: { input: z.undefined(), output: z.array(studySummarySchema) },
  /** By id, or by name (the CLI and URLs name studies). */
  getStudy: { input: z.object({ id: z.union([rowId, z.string().min(1)]) }).strict(), output: studyDetailSchema },
  listRuns: { input: z.object({ studyId: rowId }).strict(), output: z.array(runSchema) },
  getRunMetrics: { input: z.object({ runId: rowId }).strict(), output: z.array(metricPointSchema) },
} satisfies Record<string, MethodSpec>;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
/** What a caller passes (before defaults are applied). */
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
/** What a handler receives (after parsing). */
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;
/** Argument list of a call: methods whose input may be undefined can be called without one. */
export type ApiArgs<M extends ApiMethod> = undefined extends ApiInput<M> ? [input?: ApiInput<M>] : [input: ApiInput<M>];

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

export const isApiMethod = (name: unknown): name is ApiMethod =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);

/** A diverging trial reports NaN/±Infinity; the wire says null, as stored metric points do. */
const finiteOrNull = z.preprocess((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), z.number().nullable());

/** Live updates pushed from main. `run-updated` says which run changed; views re-fetch what they show. */
export const apiEvents = {
  'run-updated': z.object({ runId: rowId, studyId: rowId }),
  epoch: z.object({ runId: rowId, studyId: rowId, epoch: z.number().int().min(1), metrics: z.record(z.string(), finiteOrNull) }),
} satisfies Record<string, z.ZodType>;

export type ApiEvents = typeof apiEvents;
export type ApiEventName = keyof ApiEvents;
export type ApiEventPayload<E extends ApiEventName> = z.output<ApiEvents[E]>;

export const API_EVENT_NAMES = Object.keys(apiEvents) as ApiEventName[];

export const isApiEventName = (name: unknown): name is ApiEventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiEvents, name);

/** IPC channel names, shared by main and the preload so the two cannot drift. */
export const ipcChannel = {
  invoke: (method: ApiMethod) => `hps:call:${method}`,
  event: (name: ApiEventName) => `hps:event:${name}`,
};
