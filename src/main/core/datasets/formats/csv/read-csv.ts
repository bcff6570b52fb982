import type { FormatReader, ImportOptions, RawDataset } from '../../import/types';
import { ColumnBuilder, PUSH_NOT_FINITE, PUSH_OK, spellingsCapFor } from './column-builder';
import { columnRoles } from './column-roles';
import { csvError } from './csv-error';
import { encodeFeatures } from './features';
import { type KeepMask } from './kept-rows';
import { describeDecisions } from './notes';
import { CsvRecordReader } from './record-reader';
import type { CsvLayout } from './sniff';
import { encodeTarget } from './target';

/**
 * CSV/TSV reader: streams the file once into per-column typed arrays (never the rows as JS objects),
 * then encodes features and target. See record-reader.ts for parsing, column-builder.ts for types.
 */
export const readCsv: FormatReader = async (source, opts, onProgress) => {
  const reader = new CsvRecordReader(source, { delimiter: opts.delimiter, header: opts.header, skipRows: opts.skipRows }, onProgress);
  let columns: ColumnBuilder[] = [];
  let targetIndex = -1;
  let width = 0;
  await reader.read(
    (layout) => {
      targetIndex = resolveTarget(source, layout.names, opts.target);
      checkEncodingOverrides(source, layout.names, targetIndex, opts);
      const spellingsCap = spellingsCapFor(layout.names.length);
      columns = layout.names.map((name) => new ColumnBuilder(name, spellingsCap));
      width = columns.length;
    },
    (row) => {
      if (row.length !== width) {
        throw csvError(source, `${row.length} fields, but the ${reader.layout!.hasHeader ? 'header' : 'first row'} has ${width}`, reader.currentLine());
      }
      for (let j = 0; j < width; j++) {
        const status = columns[j]!.push(row[j]!);
        if (status !== PUSH_OK) throw badValue(source, columns[j]!.name, row[j]!.trim(), status, reader.currentLine());
      }
    },
  );
  const layout = reader.layout!;
  const rowsRead = columns[0]?.length ?? 0;
  if (rowsRead === 0) throw csvError(source, layout.hasHeader ? 'only a header line, no data rows' : 'the file is empty');
  onProgress({ phase: 'encoding', done: 0, total: rowsRead, unit: 'rows' });
  const dataset = assemble(source, layout, columns, targetIndex, rowsRead, opts);
  onProgress({ phase: 'encoding', done: rowsRead, total: rowsRead, unit: 'rows' });
  return dataset;
};

function assemble(source: string, layout: CsvLayout, columns: ColumnBuilder[], targetIndex: number, rowsRead: number, opts: ImportOptions): RawDataset {
  const target = columns[targetIndex]!;
  const features = columns.filter((_, j) => j !== targetIndex);
  const roles = columnRoles(source, features, layout.names, opts);
  // A dropped column's gaps do not cost rows: it is not part of the data any more.
  const used = features.filter((_, j) => roles[j]!.kind !== 'drop');
  const { keep, kept } = keptRows(opts.missing === 'drop' ? [...used, target] : [target], rowsRead);
  if (kept === 0) throw csvError(source, `every row has a missing value${opts.missing === 'drop' ? '' : ` in target '${target.name}'`}: nothing left to import`);
  const encodedTarget = encodeTarget(source, target, keep, kept, opts.task, layout.metadata?.classNames);
  const encodedFeatures = encodeFeatures(source, features, roles, keep, kept, opts);
  const infos = [...encodedFeatures.columns];
  infos.splice(targetIndex, 0, encodedTarget.info);
  return {
    format: 'csv',
    x: encodedFeatures.x,
    y: encodedTarget.y,
    inputShape: [encodedFeatures.featureNames.length],
    featureNames: encodedFeatures.featureNames,
    classNames: encodedTarget.classNames,
    task: encodedTarget.task,
    columns: infos,
    ...(encodedFeatures.missing.length > 0 ? { missing: encodedFeatures.missing } : {}),
    droppedRows: rowsRead - kept,
    notes: describeDecisions({
      layout,
      columns,
      infos,
      rowsRead,
      kept,
      missing: opts.missing ?? 'impute',
      targetNote: encodedTarget.note,
      encodingOverrides: opts.encoding ?? {},
      skipRows: opts.skipRows ?? 0,
    }),
  };
}

function badValue(source: string, column: string, cell: string, status: number, line: number) {
  const reason = status === PUSH_NOT_FINITE ? 'is not a finite number (NaN/Inf values are not data)' : 'is beyond the float32 range (±3.4e38)';
  return csvError(source, `column '${column}': '${cell}' ${reason}`, line);
}

function resolveTarget(source: string, names: string[], target: string | undefined): number {
  if (target === undefined) return names.length - 1;
  const index = names.indexOf(target);
  if (index === -1) throw csvError(source, `no column named '${target}' for the target; the columns are: ${names.join(', ')}`);
  return index;
}

function checkEncodingOverrides(source: string, names: string[], targetIndex: number, opts: ImportOptions): void {
  for (const name of Object.keys(opts.encoding ?? {})) {
    const index = names.indexOf(name);
    if (index === -1) throw csvError(source, `encoding set for '${name}', which is not a column; the columns are: ${names.join(', ')}`);
    if (index === targetIndex) throw csvError(source, `encoding set for '${name}', which is the target`);
  }
}

/** Rows with no missing value in `columns`; keep is null when that is every row. */
function keptRows(columns: ColumnBuilder[], rows: number): { keep: KeepMask; kept: number } {
  const withMissing = columns.filter((column) => column.missing > 0);
  if (withMissing.length === 0) return { keep: null, kept: rows };
  const keep = new Uint8Array(rows).fill(1);
  for (const column of withMissing) {
    if (column.kind === 'numeric') column.numbers!.forEach((value, row) => value !== value && (keep[row] = 0));
    else column.codes!.forEach((code, row) => code === -1 && (keep[row] = 0));
  }
  let kept = 0;
  for (const flag of keep) kept += flag;
  return { keep, kept };
}
