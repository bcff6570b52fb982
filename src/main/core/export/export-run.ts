import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/store';
import { readModelJsonFile, writeBundleDir } from './bundle-dir';
import { buildExportMetadata, EXPORT_METADATA_FILE } from './export-metadata';
import { trainingNormalization } from './training-normalization';

/**
 * Writes a TensorFlow.js bundle for a run: model.json + weight files copied from the run's final
 * checkpoint (best epoch when restore-best was on), plus hparam-studio.json with everything needed to
 * feed the model (input shape, feature/class names, normalization) and how it was trained. Written
 * all at once (see writeBundleDir): a failed export never leaves a partial bundle.
 */
export function exportRun(store: Store, runId: number, outDir: string): { dir: string; files: string[] } {
  const run = store.getRun(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
  if (!checkpoint) throw new AppError('conflict', `run ${runId} has no saved model (status ${run.status}, ${run.epochsDone} epochs done)`);
  const study = store.getStudy(run.studyId);
  const dataset = study ? store.getDataset(study.datasetId) : undefined;
  if (!study || !dataset) throw new AppError('not_found', `run ${runId}: its study or dataset is gone`);

  let epoch: number | null = null;
  const written = writeBundleDir(outDir, `export of run ${runId}`, (tmp) => {
    const weightFiles = (readModelJsonFile(checkpoint).weightsManifest ?? []).flatMap((g) => g.paths);
    const files = ['model.json', ...weightFiles];
    for (const f of files) fs.copyFileSync(path.join(checkpoint, f), path.join(tmp, f));
    const metadata = buildExportMetadata(store, run, study, dataset.meta, trainingNormalization(store, study, dataset.meta));
    epoch = metadata.epoch;
    fs.writeFileSync(path.join(tmp, EXPORT_METADATA_FILE), JSON.stringify(metadata, null, 2));
    return [...files, EXPORT_METADATA_FILE];
  });
  store.addArtifact(runId, { kind: 'export', epoch, path: written.dir, isBest: true, meta: { files: written.files } });
  return written;
}
