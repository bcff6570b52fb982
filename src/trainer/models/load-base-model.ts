import * as tfl from '@tensorflow/tfjs-layers';
import { AppError } from '../../shared/result';
import { fileSystemHandler } from '../io/file-io-handler';

// Apart from build-transfer.ts, which must stay free of node:fs: the model code also runs in a page
// (the webgpu checks in Chromium bundle it), and only the trainer process reads models from disk.
/** Loads a base model (model.json + weights) from its folder in the data directory. */
export async function loadBaseModel(dir: string): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(fileSystemHandler(dir));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_input', `base model ${dir}: cannot load it as a TensorFlow.js Layers model (${(err as Error).message})`);
  }
}
