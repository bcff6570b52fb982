import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/store';
import { readModelJsonFile, writeBundleDir } from './bundle-dir';
import { combineModels, memberPrefix } from './combine-topology';
import { buildEnsembleMetadata, EXPORT_METADATA_FILE } from './export-metadata';
import { trainingNormalization } from './training-normalization';

/**
 * Writes an ensemble as ONE TensorFlow.js bundle: a model.json whose graph runs every member on a
 * shared input and averages their outputs (weighted by how often each was picked), the members'
 * weight files next to it (renamed per member, bytes unchanged), and hparam-studio.json as for a run,
 * with the members in place of one run. `tf.loadLayersModel` loads it as a single model.
 */
export function exportEnsemble(store: Store, ensembleId: number, outDir: string): { dir: string; files: string[] } {
  const ensemble = store.ensembles.get(ensembleId);
  if (!ensemble) throw new AppError('not_found', `ensemble ${ensembleId} does not exist`);
  const study = store.getStudy(ensemble.studyId);
  const dataset = study ? store.getDataset(study.datasetId) : undefined;
  if (!study || !dataset) throw new AppError('not_found', `ensemble ${ensembleId}: its study or dataset is gone`);
  const labels = ensemble.members.map((m) => `run ${m.runId} (trial ${m.trialNumber})`);
  const members = ensemble.members.map((m) => ({ modelJson: readModelJsonFile(m.checkpoint), weight: m.weight }));
  const combined = combineModels(members, labels);

  return writeBundleDir(outDir, `export of ensemble ${ensembleId}`, (tmp) => {
    const files: string[] = ['model.json'];
    const manifest = combined.weightsManifest.map((group) => {
      const paths = group.paths.map((p) => {
        const renamed = `${memberPrefix(group.member)}${path.basename(p)}`;
        fs.copyFileSync(path.join(ensemble.members[group.member]!.checkpoint, p), path.join(tmp, renamed));
        files.push(renamed);
        return renamed;
      });
      return { paths, weights: group.weights };
    });
    const modelJson = {
      modelTopology: combined.modelTopology,
      format: 'layers-model',
      generatedBy: 'HParam Studio ensemble export',
      convertedBy: null,
      weightsManifest: manifest,
    };
    fs.writeFileSync(path.join(tmp, 'model.json'), JSON.stringify(modelJson));
    const params = Object.fromEntries(ensemble.members.map((m) => [m.runId, store.getRun(m.runId)?.params ?? null]));
    const metadata = buildEnsembleMetadata(ensemble, study, dataset.meta, trainingNormalization(store, study, dataset.meta), params);
    fs.writeFileSync(path.join(tmp, EXPORT_METADATA_FILE), JSON.stringify(metadata, null, 2));
    files.push(EXPORT_METADATA_FILE);
    return files;
  });
}
