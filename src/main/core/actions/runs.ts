import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { bestOfRuns } from '../../../shared/analysis/seed-groups';
import { httpRoute } from '../../../shared/contract';
import { hparamNamesFor, resolveTrialConfig } from '../../../shared/domain/hparams';
import type { ParamSet } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';
import { readCheckpointState } from '../../../formats/checkpoint-state';
import { exportRun as writeBundle } from '../export/export-run';
import type { Services } from '../services';
import type { RunRow, StudyRow } from '../store/types';
import { baseRefOf } from '../transfer/base-models';
import { requireStudy, startStudy } from './studies';
import { overlayRun } from './unrecorded';

export function requireRun(services: Services, runId: number): RunRow {
  const run = services.store.getRun(runId);
  if (!run) throw new AppError('not_found', `runId: no run ${runId}`);
  return overlayRun(services, run);
}

/** A study's runs in trial order, as the owner knows them. */
export function listRuns(services: Services, studyId: number): RunRow[] {
  return services.store.listRuns(studyId).map((r) => overlayRun(services, r));
}

/** A clone's params must still make a trainable config: the same checks the scheduler applies at launch. */
function checkCloneParams(services: Services, study: StudyRow, params: ParamSet, seed: number): void {
  const known = hparamNamesFor(study.template);
  const unknown = Object.keys(params).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new AppError('invalid_input', `params: ${unknown.map((n) => JSON.stringify(n)).join(', ')} not a hyperparameter of the ${study.template} template (known: ${known.join(', ')})`);
  }
  try {
    resolveTrialConfig(study.template, study.task, seed, params, baseRefOf(services.store, study));
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    throw new AppError('invalid_input', err.issues.map((i) => `params.${i.path.join('.')}: ${i.message}`).join('; '));
  }
}

/**
 * A new queued run in the same study with the run's params (overridden by `params`) and seed (`'new'`
 * draws one). The scheduler takes queued runs before asking the search for more: a running study
 * starts the clone as soon as a slot is free; any other study is started for it.
 */
export function cloneRun(services: Services, input: { runId: number; params?: ParamSet; seed?: number | 'new' }): RunRow {
  const parent = requireRun(services, input.runId);
  const study = requireStudy(services, parent.studyId, 'runId');
  const params = { ...parent.params, ...input.params };
  const seed = input.seed === 'new' ? randomInt(0, 2 ** 31 - 1) : (input.seed ?? parent.seed);
  checkCloneParams(services, study, params, seed);
  const run = services.store.createRun({ studyId: study.id, params, seed, parentRunId: parent.id });
  services.emitEvent({ type: 'run-updated', runId: run.id, studyId: study.id });
  startStudy(services, study.id);
  return run;
}

const exportsDirOf = (services: Services) => path.join(services.paths.dataDir, 'exports');

/** `<data dir>/exports/<study>-<what>`, with a numeric suffix when that folder is taken. */
export function defaultExportDir(services: Services, study: StudyRow, what: string): string {
  const safeName = study.name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || `study-${study.id}`;
  const base = path.join(exportsDirOf(services), `${safeName}-${what}`);
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    if (!fs.existsSync(dir)) return dir;
  }
}

/** A bundle in the data folder's exports can also be fetched as a zip over HTTP (serve mode): `download` says where. */
export function withDownload<T extends { dir: string }>(services: Services, written: T): T & { download?: string } {
  const inExports = path.dirname(written.dir) === exportsDirOf(services);
  return { ...written, ...(inExports ? { download: httpRoute.exportDownload(path.basename(written.dir)) } : {}) };
}

/** TensorFlow.js bundle of the run's model, in `dir` or the data directory's exports folder. */
export function exportRun(services: Services, runId: number, dir?: string): { dir: string; files: string[]; download?: string } {
  const run = requireRun(services, runId);
  const study = requireStudy(services, run.studyId, 'runId');
  return withDownload(services, writeBundle(services.store, runId, dir ?? defaultExportDir(services, study, `trial-${run.trialNumber}`)));
}

/**
 * The best finished run of a study (what `export best` exports): the best seed of the configuration
 * with the best mean when configurations have repeats; a clear error when there is none.
 */
export function bestRun(services: Services, studyRef: number | string): RunRow {
  const study = requireStudy(services, studyRef);
  const best = bestOfRuns(listRuns(services, study.id), study.objectiveDirection);
  if (!best) throw new AppError('not_found', `study ${study.name} has no finished run with a ${study.objectiveMetric}`);
  return best;
}

/** Validation confusion matrix of a classification run's saved model, read from its checkpoint; null when none. */
export function runConfusion(services: Services, runId: number): { classNames: string[]; matrix: number[][] } | null {
  const run = requireRun(services, runId);
  const study = requireStudy(services, run.studyId, 'runId');
  const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
  const dataset = services.store.getDataset(study.datasetId);
  if (study.task === 'regression' || !checkpoint || !dataset) return null;
  // A checkpoint folder removed, or never finished writing, has no matrix to show.
  const state = readCheckpointState(checkpoint);
  return state?.valConfusion ? { classNames: dataset.meta.classNames, matrix: state.valConfusion } : null;
}
