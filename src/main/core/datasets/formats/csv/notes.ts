import type { ColumnInfo } from '../../import/types';
import type { ColumnBuilder } from './column-builder';
import { delimiterName, type CsvLayout } from './sniff';

export interface Decisions {
  layout: CsvLayout;
  columns: ColumnBuilder[];
  /** ColumnInfo per column, in file order. */
  infos: ColumnInfo[];
  rowsRead: number;
  kept: number;
  missing: 'impute' | 'drop';
  targetNote: string;
  encodingOverrides: Record<string, string>;
  /** Lines skipped at the start as the skipRows option asked. */
  skipRows: number;
}

function layoutNotes(d: Decisions): string[] {
  const { layout } = d;
  const notes = [`delimiter: ${delimiterName(layout.delimiter)}`];
  if (d.skipRows > 0) notes.push(`skipped the first ${d.skipRows} line(s) as asked`);
  if (layout.metadata) {
    const classes = layout.metadata.classNames.length > 0 ? `; its class names (${layout.metadata.classNames.join(', ')}) name the target's classes 0, 1, …` : '';
    notes.push(`line 1 ('${layout.metadata.line}') is a description of the table, not a header or a row: skipped${classes} (set header / skip rows to read it otherwise)`);
  }
  const from = layout.headerFrom === 'option' ? 'as set in the import options' : 'detected';
  notes.push(layout.hasHeader ? `header: the first line names the columns (${from})` : `header: none (${from}), columns named col_1…col_${d.columns.length}`);
  for (const { name, count } of layout.duplicates) {
    const renamed = [name, ...Array.from({ length: count - 1 }, (_, k) => `${name}_${k + 2}`)];
    notes.push(`header: the name '${name}' appears ${count} times; the columns are named ${renamed.join(', ')}`);
  }
  return notes;
}

/** What the reader decided, in words for the preview: nothing about the data changes silently. */
export function describeDecisions(d: Decisions): string[] {
  const notes = [...layoutNotes(d), `${d.rowsRead} data rows`, d.targetNote];
  d.infos.forEach((info, j) => {
    const column = d.columns[j]!;
    if (info.note) notes.push(`column '${info.name}': ${info.note}`);
    if (info.type === 'categorical') {
      notes.push(`column '${info.name}': categorical, ${info.categories!.length} categories, ${info.encoding === 'onehot' ? 'one-hot' : 'ordinal (in sorted order)'}`);
      if (column.textSinceRow !== null && column.textSinceRow > 0) {
        notes.push(`column '${info.name}': numbers until data row ${column.textSinceRow + 1}, then text; all its values are treated as categories`);
      }
    }
    if (info.type === 'numeric' && d.encodingOverrides[info.name] !== undefined) {
      notes.push(`column '${info.name}': numeric, so its encoding override (${d.encodingOverrides[info.name]}) does not apply`);
    }
    // Imputed feature columns are reported by the import pipeline, which knows the training-split value used.
    if (info.missing > 0 && (info.type === 'target' || d.missing === 'drop')) {
      notes.push(`column '${info.name}': ${info.missing} missing${info.type === 'target' ? ' (rows dropped)' : ''}`);
    }
  });
  const dropped = d.rowsRead - d.kept;
  if (dropped > 0) notes.push(`${dropped} rows dropped for missing values${d.missing === 'drop' ? '' : ' in the target'}`);
  return notes;
}
