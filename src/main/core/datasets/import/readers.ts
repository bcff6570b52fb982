import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { readCsv } from '../formats/csv/read-csv';
import { readImageFolder } from '../formats/images/read-image-folder';
import { readImageZip } from '../formats/images/read-image-zip';
import { readIdx } from '../formats/idx/read-idx';
import { readNpy } from '../formats/numpy/read-npy';
import type { DatasetFormat, FormatReader } from './types';

/** A folder holding exactly one table is that table (detectFormat only says 'csv' for such a folder). */
const readCsvFileOrFolder: FormatReader = (source, opts, onProgress) => {
  if (!fs.statSync(source).isDirectory()) return readCsv(source, opts, onProgress);
  const tables = fs
    .readdirSync(source, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(csv|tsv|txt)$/i.test(e.name))
    .map((e) => e.name);
  if (tables.length !== 1) throw new AppError('invalid_input', `${source}: expected one CSV/TSV file in the folder, found ${tables.length}`);
  return readCsv(path.join(source, tables[0]!), opts, onProgress);
};

const READERS: Record<DatasetFormat, FormatReader> = {
  csv: readCsvFileOrFolder,
  idx: readIdx,
  'image-folder': readImageFolder,
  'image-zip': readImageZip,
  npy: readNpy,
  npz: readNpy,
};

export const readerFor = (format: DatasetFormat): FormatReader => READERS[format];
