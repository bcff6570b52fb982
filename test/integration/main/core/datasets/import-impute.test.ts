import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Split } from '../../../../../src/shared/domain/dataset';
import { readSplit } from '../../../../../src/formats/dataset-cache';
import { importDataset } from '../../../../../src/main/core/datasets/import/import-dataset';
import { Store } from '../../../../../src/main/core/store/store';
import { useTempDir } from '../../../../helpers/temp-dir';

const ROWS = 60;
const COLORS = ['blue', 'green', 'red'];
const CITIES = ['c1', 'c2', 'c3'];

/**
 * Row i of the CSV: an id to find it again after the split, then a, color, city (each sometimes missing), label. The
 * patterns are picked so that, with the default split (seed 0), each train statistic differs from the all-row one.
 */
function cells(i: number) {
  return {
    a: i % 5 === 0 ? null : i * i,
    color: i % 7 === 3 ? null : COLORS[(i * 2 + (i >> 1)) % 3]!,
    city: i % 6 === 1 ? null : CITIES[(i * 3 + (i >> 2)) % 3]!,
    label: (i >> 1) % 2,
  };
}

const csvText = () =>
  ['id,a,color,city,label', ...Array.from({ length: ROWS }, (_, i) => {
    const c = cells(i);
    return [i, c.a ?? 'NA', c.color ?? '', c.city ?? '?', c.label].join(',');
  })].join('\n') + '\n';

function median(values: number[]): number {
  const sorted = Float32Array.from(values).sort();
  const middle = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Most frequent of `values`, ties to the first in `order`. */
function mode(values: string[], order: string[]): string {
  const counts = order.map((name) => values.filter((v) => v === name).length);
  return order[counts.indexOf(Math.max(...counts))]!;
}

describe('importDataset: missing values are imputed from the training split only', () => {
  const tempDir = useTempDir();

  it('fills val/test (and train) missing cells with the train median / mode, for numeric, one-hot and ordinal columns', async () => {
    const root = tempDir();
    const store = Store.open(path.join(root, 'studies.db'));
    try {
      const source = path.join(root, 'table.csv');
      fs.writeFileSync(source, csvText());
      const { dataset } = await importDataset(store, path.join(root, 'datasets'), { source, encoding: { city: 'ordinal' }, keepColumns: ['id'] });
      const { meta, cacheDir } = dataset;
      expect(meta.featureNames).toEqual(['id', 'a', 'color=blue', 'color=green', 'color=red', 'city']);
      const width = meta.featureNames.length;
      const splits = Object.fromEntries((['train', 'val', 'test'] as const).map((s) => [s, readSplit(cacheDir, meta, s)])) as Record<Split, ReturnType<typeof readSplit>>;
      const idsOf = (s: Split) => Array.from({ length: splits[s].count }, (_, r) => splits[s].x[r * width]!);

      const trainRows = idsOf('train').map(cells);
      const allRows = Array.from({ length: ROWS }, (_, i) => cells(i));
      const present = <K extends 'a' | 'color' | 'city'>(rows: ReturnType<typeof cells>[], key: K) =>
        rows.map((c) => c[key]).filter((v): v is NonNullable<ReturnType<typeof cells>[K]> => v !== null);
      const trainMedian = median(present(trainRows, 'a'));
      const trainColor = mode(present(trainRows, 'color'), COLORS);
      const trainCity = mode(present(trainRows, 'city'), CITIES);
      // The data is built so that every statistic over all rows differs from the train one: a leak would show.
      expect(median(present(allRows, 'a'))).not.toBe(trainMedian);
      expect(mode(present(allRows, 'color'), COLORS)).not.toBe(trainColor);
      expect(mode(present(allRows, 'city'), CITIES)).not.toBe(trainCity);

      const checked = { val: 0, test: 0 };
      for (const split of ['train', 'val', 'test'] as const) {
        idsOf(split).forEach((id, r) => {
          const row = Array.from(splits[split].x.subarray(r * width, (r + 1) * width));
          const c = cells(id);
          expect(row[1]).toBe(Math.fround(c.a ?? trainMedian));
          expect(row.slice(2, 5)).toEqual(COLORS.map((name) => (name === (c.color ?? trainColor) ? 1 : 0)));
          expect(row[5]).toBe(CITIES.indexOf(c.city ?? trainCity));
          if (split !== 'train' && (c.a === null || c.color === null || c.city === null)) checked[split]++;
        });
      }
      expect(checked.val).toBeGreaterThan(0);
      expect(checked.test).toBeGreaterThan(0);

      expect(meta.columns!.map((c) => c.imputed)).toEqual([undefined, trainMedian, trainColor, trainCity, undefined]);
      expect(meta.columns![1]).toMatchObject({ name: 'a', missing: 12 });
      expect(meta.importNotes).toContain(`column 'a': 12 missing, filled with the training split's median ${trainMedian}`);
      expect(meta.importNotes).toContain(`column 'color': ${allRows.filter((c) => c.color === null).length} missing, filled with the training split's most frequent value "${trainColor}"`);
      // Normalization is taken after imputation: no NaN reaches the statistics.
      expect(meta.normalization.mean.every(Number.isFinite)).toBe(true);
    } finally {
      store.close();
    }
  });
});
