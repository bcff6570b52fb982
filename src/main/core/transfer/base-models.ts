import fs from 'node:fs';
import path from 'node:path';
import type { BaseModelRef } from '../../../shared/domain/base-model';
import { AppError } from '../../../shared/result';
import { exportRun } from '../export/export-run';
import { writeFailure } from '../fs/fs-errors';
import type { BaseModelRow } from '../store/base-models';
import type { Store } from '../store/store';
import type { StudyRow } from '../store/types';
import { modelFolderOf, readModelFolder } from './read-model-folder';

export const baseModelsDirOf = (dataDir: string) => path.join(dataDir, 'base-models');

const safeName = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'model';

/** A base model's spec reference: `run:<id>` (an earlier run's model) or a base model's name or id. */
export const RUN_REF = /^run[:#](\d+)$/;

/**
 * Copies a TensorFlow.js Layers model (a folder with model.json and weights, or model.json itself) into
 * the data directory's base-models folder and registers it. The copy is written whole before it is
 * registered, and removed if registering fails, so a failed import leaves nothing behind.
 */
export function importBaseModel(store: Store, dataDir: string, source: string, opts: { name?: string; sourceLabel?: string } = {}): BaseModelRow {
  const from = modelFolderOf(path.resolve(source));
  const info = readModelFolder(from);
  const name = opts.name ?? path.basename(from);
  if (store.baseModels.get(name)) throw new AppError('conflict', `base model name ${JSON.stringify(name)} is taken; give another name`);
  const root = baseModelsDirOf(dataDir);
  let dir = path.join(root, safeName(name));
  for (let i = 2; fs.existsSync(dir); i++) dir = path.join(root, `${safeName(name)}-${i}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    fs.mkdirSync(tmp, { recursive: true });
    for (const f of info.files) {
      fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
      fs.copyFileSync(path.join(from, f), path.join(tmp, f));
    }
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw writeFailure(err, dir, `import of base model ${name}`);
  }
  try {
    const { files: _, ...ref } = info;
    return store.baseModels.add({ name, dir, source: opts.sourceLabel ?? from, ref });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** An earlier run's model as a base model (its bundle, metadata and all), named `<study>-trial-<n>` unless named. */
export function importRunAsBaseModel(store: Store, dataDir: string, runId: number, name?: string): BaseModelRow {
  const run = store.getRun(runId);
  if (!run) throw new AppError('not_found', `baseModel: no run ${runId}`);
  const study = store.getStudy(run.studyId)!;
  const label = name ?? `${study.name}-trial-${run.trialNumber}`;
  const existing = store.baseModels.list().find((b) => b.source === `run ${runId}`);
  if (existing && name === undefined) return existing;
  const staging = path.join(baseModelsDirOf(dataDir), `.export-${process.pid}-${runId}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    exportRun(store, runId, staging);
    return importBaseModel(store, dataDir, staging, { name: label, sourceLabel: `run ${runId}` });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A spec's `baseModel` → a registered base model (a `run:<id>` reference is imported on first use). */
export function resolveBaseModel(store: Store, dataDir: string, ref: string): BaseModelRow {
  const m = RUN_REF.exec(ref);
  if (m) return importRunAsBaseModel(store, dataDir, Number(m[1]));
  const found = store.baseModels.get(ref);
  if (!found) {
    const known = store.baseModels.list().map((b) => b.name);
    throw new AppError('not_found', `baseModel: no base model ${JSON.stringify(ref)} (${known.length ? `known: ${known.join(', ')}; ` : ''}import one with 'hparam-studio import-model <folder>', or name an earlier run as run:<id>)`);
  }
  return found;
}

/** The base model a study trains on, or null for a study without one. */
export function baseRefOf(store: Store, study: StudyRow): BaseModelRef | null {
  if (study.baseModelId === null) return null;
  const row = store.baseModels.get(study.baseModelId);
  if (!row) throw new AppError('not_found', `study ${study.name}: its base model ${study.baseModelId} is gone`);
  return row.ref;
}
