import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { writeFailure } from '../fs/fs-errors';
import { describeSpecialFile, ensureUserDirectory } from '../fs/user-path';
import type { Store } from '../store/store';
import { buildExportMetadata, EXPORT_METADATA_FILE } from './export-metadata';

/**
 * Writes a TensorFlow.js bundle for a run: model.json + weight files copied from the run's final
 * checkpoint (best epoch when restore-best was on), plus hparam-studio.json with everything needed to
 * feed the model (input shape, feature/class names, normalization) and how it was trained.
 * Written into a temp sibling and renamed, so a failed export never leaves a partial bundle. The
 * folder above `outDir` is made one checked level at a time (never in /proc, /sys or /dev: Node's
 * recursive mkdir spins forever on procfs).
 */
export function exportRun(store: Store, runId: number, outDir: string): { dir: string; files: string[] } {
  const run = store.getRun(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
  if (!checkpoint) throw new AppError('conflict', `run ${runId} has no saved model (status ${run.status}, ${run.epochsDone} epochs done)`);
  const study = store.getStudy(run.studyId);
  const dataset = study ? store.getDataset(study.datasetId) : undefined;
  if (!study || !dataset) throw new AppError('not_found', `run ${runId}: its study or dataset is gone`);

  const target = path.resolve(outDir);
  ensureUserDirectory(path.dirname(target), 'export folder', target);
  const existing = fs.existsSync(target) ? fs.statSync(target) : null;
  if (existing && !existing.isDirectory()) {
    throw new AppError('conflict', `export folder ${target}: ${describeSpecialFile(existing) ?? 'a file, not a folder'}; choose a new or empty folder`);
  }
  if (existing && fs.readdirSync(target).length > 0) {
    throw new AppError('conflict', `export folder ${target}: directory is not empty; choose a new or empty directory`);
  }
  const modelJsonPath = path.join(checkpoint, 'model.json');
  let modelJson: { weightsManifest?: { paths: string[] }[] };
  try {
    modelJson = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
  } catch (err) {
    throw new AppError('io_error', `${modelJsonPath}: cannot read checkpoint (${(err as Error).message})`);
  }
  const weightFiles = (modelJson.weightsManifest ?? []).flatMap((g) => g.paths);

  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
  } catch (err) {
    throw writeFailure(err, target, `export of run ${runId}`);
  }
  try {
    const files = ['model.json', ...weightFiles];
    for (const f of files) fs.copyFileSync(path.join(checkpoint, f), path.join(tmp, f));
    const metadata = buildExportMetadata(store, run, study, dataset.meta);
    fs.writeFileSync(path.join(tmp, EXPORT_METADATA_FILE), JSON.stringify(metadata, null, 2));
    files.push(EXPORT_METADATA_FILE);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    store.addArtifact(runId, { kind: 'export', epoch: metadata.epoch, path: target, isBest: true, meta: { files } });
    return { dir: target, files };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw writeFailure(err, target, `export of run ${runId}`);
  }
}
