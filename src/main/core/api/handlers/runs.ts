import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { httpRoute } from '../../../../shared/contract';
import { hparamNamesFor, resolveTrialConfig } from '../../../../shared/domain/hparams';
import type { ParamSet } from '../../../../shared/domain/space';
import { AppError } from '../../../../shared/result';
import { exportRun } from '../../export/export-run';
import type { RunRow, StudyRow } from '../../store/types';
import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';
import { requireStudy, startInBackground } from './studies';
import { lastMetricsHandler } from './runs-last-metrics';

function requireRun(ctx: ApiContext, runId: number): RunRow {
  const run = ctx.services.store.getRun(runId);
  if (!run) throw new AppError('not_found', `runId: no run ${runId}`);
  return run;
}

/** A clone's params must still make a trainable config: same checks the scheduler applies at launch. */
function checkCloneParams(study: StudyRow, params: ParamSet, seed: number): void {
  const known = hparamNamesFor(study.template);
  const unknown = Object.keys(params).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new AppError('invalid_input', `params: ${unknown.map((n) => JSON.stringify(n)).join(', ')} not a hyperparameter of the ${study.template} template (known: ${known.join(', ')})`);
  }
  try {
    resolveTrialConfig(study.template, study.task, seed, params);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    throw new AppError('invalid_input', err.issues.map((i) => `params.${i.path.join('.')}: ${i.message}`).join('; '));
  }
}

const exportsDirOf = (ctx: ApiContext) => path.join(ctx.services.paths.dataDir, 'exports');

/** `<data dir>/exports/<study>-trial-<n>`, with a numeric suffix when that folder is taken. */
function defaultExportDir(ctx: ApiContext, study: StudyRow, run: RunRow): string {
  const safeName = study.name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || `study-${study.id}`;
  const base = path.join(exportsDirOf(ctx), `${safeName}-trial-${run.trialNumber}`);
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    if (!fs.existsSync(dir)) return dir;
  }
}

const confusionStateSchema = z.object({ valConfusion: z.array(z.array(z.number())).optional() });
/** The trainer's checkpoint state file (src/trainer/io/checkpoint-state.ts); main reads one field of it. */
const CHECKPOINT_STATE_FILE = 'state.json';

export const runHandlers: HandlersOf<'runs'> = {
  ...lastMetricsHandler,

  'runs.list': ({ studyId }, ctx) => {
    requireStudy(ctx, studyId, 'studyId');
    return ctx.services.store.listRuns(studyId);
  },

  'runs.get': ({ runId }, ctx) => {
    const run = requireRun(ctx, runId);
    const exports = ctx.services.store
      .listArtifacts(runId)
      .filter((a) => a.kind === 'export')
      .map((a) => ({ dir: a.path, createdAt: a.createdAt }));
    return { ...run, canExport: (run.finalCheckpoint ?? run.lastCheckpoint) !== null, exports };
  },

  'runs.metrics': ({ runId, names }, ctx) => {
    requireRun(ctx, runId);
    return ctx.services.store.getMetrics(runId, names);
  },

  'runs.cancel': ({ runId }, ctx) => {
    const run = requireRun(ctx, runId);
    if (!['queued', 'running', 'interrupted'].includes(run.status)) {
      throw new AppError('conflict', `run ${runId} is ${run.status}; only queued, running or interrupted runs can be cancelled`);
    }
    ctx.services.scheduler.cancelRun(runId);
    return requireRun(ctx, runId);
  },

  'runs.stopEarly': ({ runId }, ctx) => {
    requireRun(ctx, runId);
    ctx.services.scheduler.stopRunEarly(runId);
    return requireRun(ctx, runId);
  },

  'runs.clone': (input, ctx) => {
    const parent = requireRun(ctx, input.runId);
    const study = requireStudy(ctx, parent.studyId, 'runId');
    const params = { ...parent.params, ...input.params };
    const seed = input.seed === 'new' ? randomInt(0, 2 ** 31 - 1) : (input.seed ?? parent.seed);
    checkCloneParams(study, params, seed);
    const run = ctx.services.store.createRun({ studyId: study.id, params, seed, parentRunId: parent.id });
    ctx.events.emit('run-updated', { runId: run.id, studyId: study.id });
    // The scheduler takes queued runs before asking the search for more: a running study starts the
    // clone as soon as a slot is free; any other study is started for it (a paused one resumes).
    startInBackground(ctx, study.id);
    return run;
  },

  'runs.export': ({ runId, dir }, ctx) => {
    if (dir !== undefined && ctx.access === 'confined') {
      throw new AppError(
        'unauthorized',
        `dir: this server is open to the network (serve --allow-remote), so it writes exports only into its data folder; leave dir out and download the bundle as a zip`,
      );
    }
    const run = requireRun(ctx, runId);
    const study = requireStudy(ctx, run.studyId, 'runId');
    const written = exportRun(ctx.services.store, runId, dir ?? defaultExportDir(ctx, study, run));
    // Bundles in <data dir>/exports can be fetched as a zip over HTTP (serve mode's download route).
    const inExports = path.dirname(written.dir) === exportsDirOf(ctx);
    return { ...written, ...(inExports ? { download: httpRoute.exportDownload(path.basename(written.dir)) } : {}) };
  },

  'runs.confusion': ({ runId }, ctx) => {
    const run = requireRun(ctx, runId);
    const study = requireStudy(ctx, run.studyId, 'runId');
    const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
    const dataset = ctx.services.store.getDataset(study.datasetId);
    if (study.task === 'regression' || !checkpoint || !dataset) return null;
    let state: z.infer<typeof confusionStateSchema>;
    try {
      const parsed = confusionStateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(checkpoint, CHECKPOINT_STATE_FILE), 'utf8')));
      if (!parsed.success) return null;
      state = parsed.data;
    } catch {
      return null; // checkpoint folder removed or never finished writing: no matrix to show
    }
    return state.valConfusion ? { classNames: dataset.meta.classNames, matrix: state.valConfusion } : null;
  },
};
