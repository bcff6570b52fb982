import { describe, expect, it } from 'vitest';
import { columnNotes, featureType } from '../../../../../../src/renderer/src/lib/components/datasets/column-notes';

const columns = [
  { name: 'id', type: 'dropped' as const, missing: 0, note: 'dropped: it counts the rows (an index), which says nothing about them' },
  { name: 'day', type: 'date' as const, missing: 1, derived: ['day_year', 'day_month', 'day_day_of_week'], note: 'dates: expanded to year, month, day_of_week' },
  { name: 'color', type: 'categorical' as const, encoding: 'onehot' as const, categories: ['blue', 'red'], missing: 0 },
  { name: 'size', type: 'numeric' as const, missing: 0 },
  { name: 'label', type: 'target' as const, missing: 0 },
];

describe('dataset preview: column types and notes', () => {
  it('labels encoded and derived features by their source column', () => {
    expect(featureType(columns, 'color=red')).toBe('categorical · onehot');
    expect(featureType(columns, 'day_day_of_week')).toBe('date · day of week');
    expect(featureType(columns, 'size')).toBe('numeric');
    expect(featureType([], 'x0')).toBe('numeric');
  });

  it('lists the dropped and expanded columns with the reason', () => {
    expect(columnNotes(columns)).toEqual([
      { name: 'id', kind: 'dropped', note: 'dropped: it counts the rows (an index), which says nothing about them' },
      { name: 'day', kind: 'date', note: 'dates: expanded to year, month, day_of_week' },
    ]);
  });
});
