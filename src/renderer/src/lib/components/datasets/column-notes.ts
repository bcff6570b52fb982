import type { DatasetPreviewDto } from '../../../../../shared/contract';

type Column = DatasetPreviewDto['columns'][number];

/**
 * The type label of one encoded feature: `color=red` is the one-hot part of column `color`,
 * `day_month` a part of the date column `day`; anything else is looked up by its own name.
 */
export function featureType(columns: readonly Column[], feature: string): string {
  const own = columns.find((c) => c.name === feature) ?? columns.find((c) => c.name === feature.split('=')[0]);
  if (own?.type === 'categorical') return `categorical${own.encoding ? ` · ${own.encoding}` : ''}`;
  if (own && own.type !== 'date') return own.type;
  const date = columns.find((c) => c.derived?.includes(feature));
  if (date) return `date · ${feature.slice(date.name.length + 1).replace(/_/g, ' ')}`;
  return 'numeric';
}

/** Columns the importer dropped or turned into other features, with why: shown next to the preview, never silent. */
export function columnNotes(columns: readonly Column[]): { name: string; kind: 'dropped' | 'date'; note: string }[] {
  return columns.flatMap((c) => (c.note && (c.type === 'dropped' || c.type === 'date') ? [{ name: c.name, kind: c.type, note: c.note }] : []));
}
