import { z } from 'zod';
import { datasetMetaSchema } from './domain/dataset';
import { deviceInventorySchema } from './domain/device';
import { TASKS, TEMPLATES } from './domain/hparams';
import { BACKENDS, RUN_STATUSES, STOP_REQUESTS, STUDY_STATUSES } from './domain/run';
import { paramValueSchema } from './domain/space';
import { ALGORITHMS, studySpecSchema } from './domain/study-spec';
import { analysisContract } from './contract-analysis';

/**
 * The API between the UI and main, as one map: method name → zod input/output schemas, plus the live
 * events. The core/api handlers, the IPC adapter, the preload bridge, serve mode and the renderer's
 * ApiClient all derive their types from this file, so adding a call is one entry here plus one handler;
 * the compiler finds the rest. Main parses every input (the UI is not trusted) and every output (so the
 * wire carries exactly these fields, not whatever else the store row holds).
 *
 * Method names are `<namespace>.<verb>`: serve mode maps them to `POST /api/<name>`, IPC to a channel.
 */

const rowId = z.number().int().positive();
/** ISO-8601 timestamps, as the store returns them. */
const timestamp = z.string();
const studyRef = z.object({ id: z.union([rowId, z.string().min(1)]) }).strict();
const runRef = z.object({ runId: rowId }).strict();
/** Paths the user hands to main (import sources, export targets) are absolute: main has no useful cwd. */
const absolutePath = z
  .string()
  .min(1)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

// ── rows ─────────────────────────────────────────────────────────────────────

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
  /** Why the study stopped when the user did not stop it (e.g. the database could not be written). */
  statusReason: z.string().nullable(),
  /** Every run status is present (0 when none): 'running' > 0 while trials still run (a pause finishing). */
  runCounts: z.record(z.enum(RUN_STATUSES), z.number().int().min(0)),
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
  /** The run this one was cloned from. */
  parentRunId: rowId.nullable(),
  /** Launches so far; more than 1 after a retry or a resume. */
  attempt: z.number().int().min(0),
  /** Pause, cancel or prune asked for and not yet carried out. */
  stopRequest: z.enum(STOP_REQUESTS).nullable(),
  /** The pruner's rung a pruned run reached (ASHA, Hyperband); null otherwise. */
  rung: z.number().int().min(0).nullable(),
  /** Why it stopped before its epochs when nobody stopped it by hand: the pruner's reason, or the budget. */
  stopReason: z.string().nullable(),
  /** Seconds trained in its ended attempts: a paused or resumed run's time without the pause. */
  trainedSec: z.number().min(0),
  /** When the attempt under way started (null when none is): the page adds its time as it passes. */
  attemptStartedAt: timestamp.nullable(),
  /** Where its latest attempt ran: 'cpu' or 'gpu:<index>'; null before it ever ran. */
  device: z.string().nullable(),
  /** What trained it there: the WebGPU adapter (vendor, architecture, description), the GPU or the CPU model. */
  deviceName: z.string().nullable(),
  /** Cores its backend computed on. */
  threads: z.number().int().min(1).nullable(),
});
export type RunDto = z.infer<typeof runSchema>;

export const attemptSchema = z.object({
  attempt: z.number().int().min(1),
  /** Epoch of the checkpoint it resumed from (0: from scratch). */
  fromEpoch: z.number().int().min(0),
  startedAt: timestamp,
  readyAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  backend: z.string().nullable(),
  device: z.string().nullable(),
  deviceName: z.string().nullable(),
  threads: z.number().int().min(1).nullable(),
  /** How it ended (null while it runs): a run status, 'retried' or 'requeued'. */
  outcome: z.string().nullable(),
  error: z.string().nullable(),
});
export type AttemptDto = z.infer<typeof attemptSchema>;

/** One look at the test split: when, with which checkpoint, and what it scored. */
export const evaluationSchema = z.object({
  createdAt: timestamp,
  checkpoint: z.string(),
  metrics: z.record(z.string(), z.number()),
  confusion: z.array(z.array(z.number())).nullable(),
  /** Who asked for the look (the CLI, the app); null for looks recorded before this was kept. */
  requestedBy: z.string().nullable(),
});
export type EvaluationDto = z.infer<typeof evaluationSchema>;

/** One run for the detail page: the row plus what only that page shows. */
export const runDetailSchema = runSchema.extend({
  backendNotes: z.array(z.string()),
  /** Last lines the trainer printed (failed runs show it under the error). */
  stderrTail: z.string().nullable(),
  createdAt: timestamp,
  /** A checkpoint exists, so runs.export can write a bundle. */
  canExport: z.boolean(),
  /** Bundles written by runs.export, newest last. */
  exports: z.array(z.object({ dir: z.string(), createdAt: timestamp })),
  /** Every launch of the run, oldest first. */
  attempts: z.array(attemptSchema),
  /** Why a failed run failed: its config, its surroundings (retryable on resume), or a broken trainer. */
  failureKind: z.enum(['config', 'environment', 'protocol']).nullable(),
  /** The last lines the trainer logged (warnings such as slow paths). */
  logTail: z.string().nullable(),
  /** Scores on the held-out test split, each a deliberate, recorded look. */
  evaluations: z.array(evaluationSchema),
});
export type RunDetailDto = z.infer<typeof runDetailSchema>;

export const metricPointSchema = z.object({
  name: z.string(),
  /** Epoch number (1-based). */
  step: z.number().int().min(1),
  /** null where the trainer reported a non-finite value (NaN or ±Infinity loss). */
  value: z.number().nullable(),
  wallTime: z.number(),
});
export type MetricPointDto = z.infer<typeof metricPointSchema>;

export const datasetSchema = datasetMetaSchema;
export type DatasetDto = z.infer<typeof datasetSchema>;

export const sampleDatasetSchema = z.object({
  /** What a spec's `dataset` field takes, e.g. `sample:binary-1000x10`. */
  name: z.string(),
  task: z.enum(TASKS),
  kind: z.enum(['tabular', 'image']),
  description: z.string(),
});

export const settingsSchema = z.object({
  /** Default backend the New-study form proposes (a spec's own `backend` always wins). */
  backend: z.enum([...BACKENDS, 'auto']),
  /** Trials at once on the CPU, across all studies. */
  concurrency: z.number().int().min(1).max(256),
  /** Trials at once on each GPU a backend can use (beside the CPU trials). */
  gpuTrials: z.number().int().min(1).max(64),
  /**
   * Redis for remote workers (`hparam-studio worker`), redis://[USER:PASSWORD@]HOST:PORT; null: none.
   * Read back with the password as `***`; writing it back unchanged keeps the stored password.
   */
  redisUrl: z.string().min(1).nullable(),
  /** New studies without an `executor` in their spec train on the workers. */
  runOnWorkers: z.boolean(),
  /** Read-only: where studies, datasets and runs live (HPS_DATA_DIR changes it). */
  dataDir: z.string(),
});
export type SettingsDto = z.infer<typeof settingsSchema>;

/** The devices the owner places trials on, how many it runs on each, and its limits. */
export const devicesSchema = deviceInventorySchema.extend({
  /** Trials (and evaluations) now running per device id. */
  load: z.record(z.string(), z.number().int().min(0)),
  /** Trials at once on the CPU (settings.concurrency). */
  cpuTrials: z.number().int().min(1),
  /** Trials at once on each usable GPU (settings.gpuTrials). */
  gpuTrials: z.number().int().min(1),
});
export type DevicesDto = z.infer<typeof devicesSchema>;
/** A remote worker as it last reported itself (to the owner's Redis). */
export const workerSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** The backend it trains with when a study leaves it to the worker ('auto': the fastest that loads there). */
  backend: z.string(),
  concurrency: z.number().int().min(1),
  gpus: z.array(z.string()),
  /** 'lost': silent past the limit (killed, crashed, cut off); its trials resume on other workers. */
  state: z.enum(['online', 'lost']),
  lastHeartbeatAt: timestamp,
  secondsSinceHeartbeat: z.number().min(0),
  running: z.array(z.object({ runId: rowId, studyId: rowId, attempt: z.number().int().min(1), since: timestamp })),
});
export type WorkerDto = z.infer<typeof workerSchema>;

export const workersListSchema = z.object({
  /** The Redis listed, without credentials; null when this owner has none configured. */
  redis: z.string().nullable(),
  /** Why the list could not be read (Redis unreachable, refused credentials…). */
  error: z.string().nullable(),
  workers: z.array(workerSchema),
});
export type WorkersListDto = z.infer<typeof workersListSchema>;

/** One problem in a spec: `path` is the key path (`space.learning_rate.low`), '' when not tied to a key. */
export const specIssueSchema = z.object({ path: z.string(), message: z.string() });
export type SpecIssueDto = z.infer<typeof specIssueSchema>;

// ── inputs that need more than a ref ─────────────────────────────────────────

/** A spec arrives as an object (the form) or as YAML/JSON text (pasted); exactly one of the two. */
const specSourceShape = {
  /** Checked by the same validator as the CLI's spec files, which names every bad key at once. */
  spec: z.record(z.string(), z.unknown()).optional(),
  yaml: z.string().max(1_000_000).optional(),
};
const exactlyOneSpecSource = (v: { spec?: unknown; yaml?: unknown }) => (v.spec === undefined) !== (v.yaml === undefined);
const specSourceMessage = { message: 'give exactly one of `spec` (an object) or `yaml` (YAML or JSON text)' };

const importOptionsSchema = z
  .object({
    target: z.string().min(1).optional(),
    task: z.enum(TASKS).optional(),
    encoding: z.record(z.string(), z.enum(['onehot', 'ordinal'])).optional(),
    missing: z.enum(['impute', 'drop']).optional(),
    imageSize: z.tuple([z.number().int().min(4).max(512), z.number().int().min(4).max(512)]).optional(),
    color: z.enum(['grayscale', 'rgb']).optional(),
    delimiter: z.string().min(1).max(4).optional(),
    /** CSV: the first row names the columns (true) or is data (false); default: detected. */
    header: z.boolean().optional(),
    /** CSV: lines to skip before the table; default: a leading metadata line is detected. */
    skipRows: z.number().int().min(0).max(1000).optional(),
    /** CSV: keep these columns as they are although they look like an ID, free text or dates. */
    keepColumns: z.array(z.string().min(1)).max(10_000).optional(),
    /** CSV: expand date columns into year, month, day of week, day of year (default), or drop them. */
    dates: z.enum(['expand', 'drop']).optional(),
  })
  .strict();

export const importProgressSchema = z.object({
  /** The `importId` the caller passed to datasets.import (default: its `path`), to match events to calls. */
  importId: z.string(),
  phase: z.enum(['reading', 'encoding', 'writing']),
  done: z.number().min(0),
  total: z.number().min(0),
  unit: z.enum(['bytes', 'rows', 'files']),
});

/** What the Datasets screen shows of one dataset (see src/main/core/datasets/preview.ts). */
const finiteStat = z.number().nullable();
export const datasetPreviewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['tabular', 'image']),
  task: z.enum(TASKS),
  inputShape: z.array(z.number().int().positive()),
  splits: z.object({ train: z.number().int().min(0), val: z.number().int().min(0), test: z.number().int().min(0) }),
  /** First training rows as stored (encoded, not normalized); empty for images. */
  rows: z.array(z.object({ features: z.array(z.number()), target: z.union([z.string(), z.number()]) })),
  featureNames: z.array(z.string()),
  columns: datasetMetaSchema.shape.columns.unwrap(),
  classBalance: z.array(z.object({ name: z.string(), train: z.number().int(), val: z.number().int(), test: z.number().int() })),
  /** null where a statistic is not a finite number. */
  featureStats: z.array(z.object({ name: z.string(), mean: finiteStat, std: finiteStat, min: finiteStat, max: finiteStat })),
  /** Per class, training images as flat pixel arrays (0–255, row-major height × width × channels). */
  imageGrid: z.array(z.object({ className: z.string(), images: z.array(z.array(z.number())) })),
  notes: z.array(z.string()),
});
export type DatasetPreviewDto = z.infer<typeof datasetPreviewSchema>;

/** A user's note and tags on a study or a run (issue 13). */
export const annotationSchema = z.object({ note: z.string(), tags: z.array(z.string()) });
export type AnnotationDto = z.infer<typeof annotationSchema>;
const annotationPatch = {
  /** '' clears it. */
  note: z.string().max(20_000).optional(),
  /** Replaces the tags; each is trimmed, at most 40 characters, no commas. */
  tags: z.array(z.string().max(200)).max(100).optional(),
};

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
  /**
   * Answers from the database alone and changes nothing, so a process that does not own the data
   * directory may answer it from a read-only connection. Everything else goes to the owner.
   */
  readOnly?: true;
}

export const apiContract = {
  // studies
  'studies.list': { input: z.undefined(), output: z.array(studySummarySchema), readOnly: true },
  /** By id, or by name (the CLI and URLs name studies). */
  'studies.get': { input: studyRef, output: studyDetailSchema, readOnly: true },
  /** Validates, stores and (unless `start: false`) starts the study; nothing is stored when the spec is bad. */
  'studies.create': {
    input: z
      .object({ ...specSourceShape, start: z.boolean().default(true) })
      .strict()
      .refine(exactlyOneSpecSource, specSourceMessage),
    output: studyDetailSchema,
  },
  /** Running trials finish their epoch and checkpoint; status turns 'paused' shortly after (study-updated). */
  'studies.pause': { input: studyRef, output: studyDetailSchema },
  /** Starts a created, paused or interrupted study; interrupted trials continue from their checkpoint. */
  'studies.resume': { input: studyRef, output: studyDetailSchema },
  /** Stops its trials first when it runs, then removes its runs, metrics and run folders. */
  'studies.delete': { input: studyRef, output: z.object({ id: rowId }) },
  /** Finished (completed or pruned) runs with an objective, best first by the study's direction. */
  'studies.leaderboard': {
    input: z.object({ id: z.union([rowId, z.string().min(1)]), limit: z.number().int().min(1).max(1000).default(10) }).strict(),
    output: z.array(runSchema),
    readOnly: true,
  },
  /** YAML of a spec (the form's "export YAML") or of a stored study's spec. */
  'studies.specYaml': {
    input: z
      .object({ spec: z.record(z.string(), z.unknown()).optional(), id: z.union([rowId, z.string().min(1)]).optional() })
      .strict()
      .refine((v) => (v.spec === undefined) !== (v.id === undefined), { message: 'give exactly one of `spec` or `id`' }),
    output: z.object({ yaml: z.string() }),
    readOnly: true,
  },
  /** Every problem of a spec at once, without creating anything (the form checks as the user types). */
  'studies.validateSpec': {
    input: z.object(specSourceShape).strict().refine(exactlyOneSpecSource, specSourceMessage),
    output: z.object({ valid: z.boolean(), errors: z.array(specIssueSchema), spec: studySpecSchema.nullable() }),
    readOnly: true,
  },

  // runs
  'runs.list': { input: z.object({ studyId: rowId }).strict(), output: z.array(runSchema), readOnly: true },
  'runs.get': { input: runRef, output: runDetailSchema, readOnly: true },
  /** Curves: every metric, or only `names`, ordered by name then step. */
  'runs.metrics': {
    input: z.object({ runId: rowId, names: z.array(z.string().min(1)).max(100).optional() }).strict(),
    output: z.array(metricPointSchema),
    readOnly: true,
  },
  /** Kills a running trial (status 'cancelled'); a queued one is cancelled before it starts. */
  'runs.cancel': { input: runRef, output: runSchema },
  /** Stops a running trial at its next epoch end and records it as pruned. */
  'runs.stopEarly': { input: runRef, output: runSchema },
  /**
   * A new queued run in the same study with the run's params (overridden by `params`) and seed
   * (`seed: 'new'` draws a fresh one); the study's scheduler is started for it.
   */
  'runs.clone': {
    input: z
      .object({
        runId: rowId,
        params: z.record(z.string(), paramValueSchema).optional(),
        seed: z.union([z.number().int().min(0).max(2 ** 31 - 1), z.literal('new')]).optional(),
      })
      .strict(),
    output: runSchema,
  },
  /**
   * TensorFlow.js bundle of the run's model — or, with `studyId` instead of `runId`, of the study's best
   * run; `dir` defaults to `<data dir>/exports/<study>-trial-<n>` (a server open to the network refuses
   * `dir`). A bundle in the data folder's exports also comes with `download`: serve mode's GET route for
   * it as a zip (add `?token=`).
   */
  'runs.export': {
    input: z
      .object({ runId: rowId.optional(), studyId: z.union([rowId, z.string().min(1)]).optional(), dir: absolutePath.optional() })
      .strict()
      .refine((v) => (v.runId === undefined) !== (v.studyId === undefined), { message: 'give exactly one of `runId` or `studyId` (its best run)' }),
    output: z.object({ runId: rowId, dir: z.string(), files: z.array(z.string()), download: z.string().optional() }),
  },
  /** Validation confusion matrix (rows: true class) of a classification run's saved model; null when none. */
  'runs.confusion': {
    input: runRef,
    output: z.object({ classNames: z.array(z.string()), matrix: z.array(z.array(z.number())) }).nullable(),
    readOnly: true,
  },
  /**
   * Last value of each metric per run of a study (the run table's metric columns), only `names` when
   * given; runs with no epoch yet are left out.
   */
  'runs.lastMetrics': {
    input: z.object({ studyId: rowId, names: z.array(z.string().min(1)).max(100).optional() }).strict(),
    output: z.array(z.object({ runId: rowId, metrics: z.record(z.string(), z.number().nullable()) })),
    readOnly: true,
  },
  /**
   * Scores a finished run's model on the held-out test split, in a trainer process, and records the look.
   * A second look needs `force`: picking models by test score turns the test set into a validation set.
   */
  'runs.evaluate': {
    input: z
      .object({ runId: rowId, force: z.boolean().optional(), by: z.string().min(1).max(200).optional(), backend: z.enum([...BACKENDS, 'auto']).optional() })
      .strict(),
    output: evaluationSchema,
  },

  // datasets
  'datasets.list': { input: z.undefined(), output: z.array(datasetSchema), readOnly: true },
  /** By content hash, name, or unique hash prefix. */
  'datasets.get': { input: z.object({ id: z.string().min(1) }).strict(), output: datasetSchema, readOnly: true },
  /**
   * Imports a file or folder on main's machine (in serve mode: the `path` an upload returned); progress
   * arrives as 'import-progress' events tagged with `importId`.
   */
  'datasets.import': {
    input: z
      .object({
        path: absolutePath,
        name: z.string().min(1).max(200).optional(),
        options: importOptionsSchema.optional(),
        split: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
        seed: z.number().int().min(0).optional(),
        importId: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: z.object({ dataset: datasetSchema, created: z.boolean(), notes: z.array(z.string()) }),
  },
  /** Built-in datasets, generated on first use (no download). */
  'datasets.samples': { input: z.undefined(), output: z.array(sampleDatasetSchema), readOnly: true },

  // devices
  /** The CPU and GPUs this owner places trials on (probed once, when it started), with their load. */
  'devices.list': { input: z.undefined(), output: devicesSchema },

  // settings
  'settings.get': { input: z.undefined(), output: settingsSchema, readOnly: true },
  /** Changes the given fields; concurrency and gpuTrials apply at once (running trials are never killed for it). */
  'settings.set': { input: settingsSchema.omit({ dataDir: true }).partial().strict(), output: settingsSchema },

  // remote workers
  /** The workers of the owner's Redis: host, backend, running trials, last heartbeat, online or lost. */
  'workers.list': { input: z.undefined(), output: workersListSchema, readOnly: true },
  // datasets (preview) and app: added with the shell and Datasets screen
  /** Rows, column types, class balance, feature stats and an image grid per class; `sample:<name>` previews a built-in sample. */
  'datasets.preview': {
    input: z
      .object({ id: z.string().min(1), rows: z.number().int().min(0).max(500).optional(), perClass: z.number().int().min(0).max(64).optional() })
      .strict(),
    output: datasetPreviewSchema,
  },
  /** The sample study a new user starts with (resources/samples/mlp-binary.yaml), as YAML text and parsed. */
  'app.sampleStudy': { input: z.undefined(), output: z.object({ yaml: z.string(), spec: studySpecSchema }), readOnly: true },
  /**
   * True exactly once per data directory: on the first call when it holds no studies and no datasets
   * (the UI then starts the sample study). The answer is recorded, so a reload never starts it twice.
   */
  'app.firstLaunch': { input: z.undefined(), output: z.object({ firstLaunch: z.boolean() }) },

  // issue 13: notes and tags, dataset rename and delete, trial numbers in links
  /**
   * Notes and tags: with `studyId`, that study's and its annotated runs'; without, every annotated
   * study's (runs: []). Runs and studies with neither are left out.
   */
  'annotations.list': {
    input: z.object({ studyId: rowId }).strict().optional(),
    output: z.object({
      studies: z.array(annotationSchema.extend({ studyId: rowId })),
      runs: z.array(annotationSchema.extend({ runId: rowId })),
    }),
    readOnly: true,
  },
  'annotations.setStudy': { input: z.object({ studyId: rowId, ...annotationPatch }).strict(), output: annotationSchema },
  'annotations.setRun': { input: z.object({ runId: rowId, ...annotationPatch }).strict(), output: annotationSchema },
  /** A new display name; studies refer to datasets by content hash, so they keep working. */
  'datasets.rename': { input: z.object({ id: z.string().min(1), name: z.string().min(1).max(200) }).strict(), output: datasetSchema },
  /**
   * Removes an unused dataset and its cached arrays (`removed` lists the folders); refused with a
   * `conflict` naming the studies while any study uses it. The files it was imported from are untouched.
   */
  'datasets.delete': {
    input: z.object({ id: z.string().min(1) }).strict(),
    output: z.object({ id: z.string(), name: z.string(), removed: z.array(z.string()) }),
  },
  /** The run behind a study's trial number: links and the UI speak of trials, not internal run ids. */
  'trials.resolve': { input: z.object({ studyId: rowId, trialNumber: z.number().int().min(1) }).strict(), output: z.object({ runId: rowId }), readOnly: true },
  // ensembles, base models, seed groups, fit diagnoses, test looks
  ...analysisContract,
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
/** Methods of one namespace, e.g. ApiMethodIn<'runs'> = 'runs.list' | 'runs.get' | … */
export type ApiMethodIn<N extends string> = Extract<ApiMethod, `${N}.${string}`>;

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

/** Whether a process that only reads the data directory can answer `method` (see MethodSpec.readOnly). */
export const isReadOnlyMethod = (method: ApiMethod): boolean => (apiContract[method] as MethodSpec).readOnly === true;

export const isApiMethod = (name: unknown): name is ApiMethod =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);

// ── events ───────────────────────────────────────────────────────────────────

/** A diverging trial reports NaN/±Infinity; the wire says null, as stored metric points do. */
const finiteOrNull = z.preprocess((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), z.number().nullable());

/**
 * Live updates pushed from main. They say what changed; views re-fetch what they show (a deleted study
 * is announced by 'study-updated' and then answers not_found).
 */
export const apiEvents = {
  'run-updated': z.object({ runId: rowId, studyId: rowId }),
  epoch: z.object({ runId: rowId, studyId: rowId, epoch: z.number().int().min(1), metrics: z.record(z.string(), finiteOrNull) }),
  'study-updated': z.object({ studyId: rowId }),
  'import-progress': importProgressSchema,
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
  /** Desktop only, outside the contract: reveal an exported file or folder in the system's file manager. */
  showInFolder: 'hps:show-in-folder',
};

/** Serve-mode routes, shared by the server and the HTTP client. */
export const httpRoute = {
  call: (method: ApiMethod) => `/api/${method}`,
  events: '/api/events',
  upload: '/api/upload',
  /** GET: an exported bundle in `<data dir>/exports/<name>` as one zip (model.json, weights, metadata). */
  exportDownload: (name: string) => `/api/exports/${encodeURIComponent(name)}.zip`,
  exportDownloadPrefix: '/api/exports/',
};

/** What `POST /api/upload` answers: `path` is what datasets.import takes (the file, or the top folder). */
export const uploadResultSchema = z.object({ uploadId: z.string(), path: z.string(), file: z.string(), bytes: z.number().int().min(0) });
export type UploadResultDto = z.infer<typeof uploadResultSchema>;
