import { sqlMigration } from '../migrate';

/**
 * Where each run trained (issue 11). Frozen once released.
 *
 * - device: where the scheduler placed it, 'cpu' or 'gpu:<index>' (the index nvidia-smi and CUDA use, or
 *   0 for the one adapter WebGPU reports on a machine without nvidia-smi).
 * - device_name: what the trainer found there: the WebGPU adapter (vendor, architecture, description),
 *   the GPU's name, or the CPU model.
 * - threads: the cores the backend computed on (wasm's XNNPACK pool, TF's intra-op pool; 1 on a GPU).
 *
 * On the run (its latest attempt, what the run table shows) and on every attempt (a retry may land on
 * another device). Plain added columns: no table is rebuilt.
 */
export const SQL = `
ALTER TABLE run ADD COLUMN device TEXT CHECK (device IS NULL OR device = 'cpu' OR device GLOB 'gpu:[0-9]*');
ALTER TABLE run ADD COLUMN device_name TEXT;
ALTER TABLE run ADD COLUMN threads INTEGER CHECK (threads IS NULL OR threads >= 1);
ALTER TABLE run_attempt ADD COLUMN device TEXT CHECK (device IS NULL OR device = 'cpu' OR device GLOB 'gpu:[0-9]*');
ALTER TABLE run_attempt ADD COLUMN device_name TEXT;
ALTER TABLE run_attempt ADD COLUMN threads INTEGER CHECK (threads IS NULL OR threads >= 1);
`;

export const migration007 = sqlMigration(7, 'devices', SQL);
