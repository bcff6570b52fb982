import { describe, expect, it } from 'vitest';
import { importCsv, importError, rows } from './csv-fixture';

// Every category twice (rows c1…cn, then c1…cn again): a value unique to every row would be dropped as an ID.
const manyCategories = (n: number) => ['city,label', ...Array.from({ length: 2 * n }, (_, i) => `c${(i % n) + 1},${i % 2}`)].join('\n');

describe('readCsv: categorical features', () => {
  it('one-hot encodes a column of few categories, in sorted order', async () => {
    const data = await importCsv('size,color,label\n1,red,0\n2,blue,1\n3,red,0\n4,green,1\n');
    expect(data.featureNames).toEqual(['size', 'color=blue', 'color=green', 'color=red']);
    expect(rows(data)).toEqual([[1, 0, 0, 1], [2, 1, 0, 0], [3, 0, 0, 1], [4, 0, 1, 0]]);
    expect(data.columns![1]).toMatchObject({ name: 'color', type: 'categorical', encoding: 'onehot', categories: ['blue', 'green', 'red'], missing: 0 });
  });

  it('encodes a column of more than 20 categories as ordinal, categories sorted numeric-aware', async () => {
    const data = await importCsv(manyCategories(21));
    expect(data.featureNames).toEqual(['city']);
    expect(data.columns![0]!.encoding).toBe('ordinal');
    expect(data.columns![0]!.categories!.slice(0, 3)).toEqual(['c1', 'c2', 'c3']);
    expect(data.columns![0]!.categories!.at(-1)).toBe('c21');
    expect(Array.from(data.x.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(data.x[20]).toBe(20);
  });

  it('follows per-column encoding overrides both ways', async () => {
    const wide = await importCsv(manyCategories(21), { encoding: { city: 'onehot' } });
    expect(wide.inputShape).toEqual([21]);
    expect(wide.featureNames[1]).toBe('city=c2');
    const narrow = await importCsv('color,label\nred,0\nblue,1\n', { encoding: { color: 'ordinal' } });
    expect(narrow.featureNames).toEqual(['color']);
    expect(Array.from(narrow.x)).toEqual([1, 0]);
    const numeric = await importCsv('size,label\n1,0\n2,1\n', { encoding: { size: 'onehot' } });
    expect(numeric.featureNames).toEqual(['size']);
    expect(numeric.notes).toContain("column 'size': numeric, so its encoding override (onehot) does not apply");
    expect(await importError('color,label\nred,0\nblue,1\n', { encoding: { colour: 'ordinal' } })).toMatchObject({ message: expect.stringContaining('columns are: color, label') });
  });

  it('keeps the spelling of numbers in a column that turns out to hold text', async () => {
    const data = await importCsv('code,label\n01,0\n1.50,1\nabc,0\n01,1\n');
    expect(data.columns![0]!.categories).toEqual(['01', '1.50', 'abc']);
    expect(data.notes).toContain("column 'code': numbers until data row 3, then text; all its values are treated as categories");
  });
});

describe('readCsv: missing values', () => {
  const csv = 'a,color,label\n1,red,x\nNA,red,y\n3,,x\n?,blue,y\n10,N/A,x\nnull,red,y\n7,blue,y\n';

  it('leaves missing feature cells as NaN (every one-hot slot) and lists them for imputation after the split', async () => {
    const data = await importCsv(csv);
    expect(data.droppedRows).toBe(0);
    // The fill value must come from the training split, which the reader does not know: none is chosen here.
    expect(data.columns![0]).toEqual({ name: 'a', type: 'numeric', missing: 3 });
    expect(data.columns![1]).toMatchObject({ name: 'color', missing: 2 });
    expect(data.columns![1]!.imputed).toBeUndefined();
    expect(rows(data)).toEqual([[1, 0, 1], [NaN, 0, 1], [3, NaN, NaN], [NaN, 1, 0], [10, NaN, NaN], [NaN, 0, 1], [7, 1, 0]]);
    expect(data.missing).toEqual([
      { column: 'a', offset: 0, encoding: 'numeric' },
      { column: 'color', offset: 1, encoding: 'onehot', categories: ['blue', 'red'] },
    ]);
    expect(data.notes.filter((note) => note.includes('missing'))).toEqual([]);
  });

  it('marks a missing ordinal cell NaN too', async () => {
    const data = await importCsv('color,label\nred,0\n,1\nblue,0\n', { encoding: { color: 'ordinal' } });
    expect(Array.from(data.x)).toEqual([1, NaN, 0]);
    expect(data.missing).toEqual([{ column: 'color', offset: 0, encoding: 'ordinal', categories: ['blue', 'red'] }]);
  });

  it('drops rows with any missing value when asked', async () => {
    const data = await importCsv(csv, { missing: 'drop' });
    expect(data.droppedRows).toBe(5);
    expect(rows(data)).toEqual([[1, 0, 1], [7, 1, 0]]);
    expect(Array.from(data.y)).toEqual([0, 1]);
    expect(data.columns![0]).toMatchObject({ missing: 3 });
    expect(data.columns![0]!.imputed).toBeUndefined();
    expect(data.missing).toBeUndefined();
    expect(data.notes).toContain("column 'a': 3 missing");
    expect(data.notes).toContain('5 rows dropped for missing values');
  });

  it('always drops rows whose target is missing', async () => {
    const data = await importCsv('a,label\n1,x\n2,\n3,y\n4,NaN\n');
    expect(data.droppedRows).toBe(2);
    expect(rows(data)).toEqual([[1], [3]]);
    expect(data.columns![1]).toMatchObject({ type: 'target', missing: 2 });
  });
});

describe('readCsv: target and task', () => {
  it('takes the target by name', async () => {
    const data = await importCsv('kind,a,b\ncat,1,2\ndog,3,4\n', { target: 'kind' });
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect(data.columns!.map((c) => c.type)).toEqual(['target', 'numeric', 'numeric']);
  });

  it('infers binary, multiclass (text and integer labels) and regression', async () => {
    expect((await importCsv('a,y\n1,no\n2,yes\n3,no\n')).task).toBe('binary');
    const text = await importCsv('a,y\n1,setosa\n2,virginica\n3,versicolor\n4,setosa\n');
    expect(text.task).toBe('multiclass');
    expect(text.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(text.y)).toEqual([0, 2, 1, 0]);
    const digits = await importCsv('a,y\n1,10\n2,2\n3,9\n4,2\n');
    expect(digits.task).toBe('multiclass');
    expect(digits.classNames).toEqual(['2', '9', '10']);
    expect(Array.from(digits.y)).toEqual([2, 0, 1, 0]);
    const regression = await importCsv('a,y\n1,0.5\n2,1.25\n3,2\n');
    expect(regression.task).toBe('regression');
    expect(regression.classNames).toEqual([]);
    expect(Array.from(regression.y)).toEqual([0.5, 1.25, 2]);
    const manyIntegers = await importCsv(['a,y', ...Array.from({ length: 21 }, (_, i) => `${i % 4},${i}`)].join('\n'));
    expect(manyIntegers.task).toBe('regression');
  });

  it('follows a task override and refuses one that cannot hold', async () => {
    const multi = await importCsv('a,y\n1,no\n2,yes\n', { task: 'multiclass' });
    expect(multi.task).toBe('multiclass');
    const regression = await importCsv('a,y\n1,1\n2,0\n3,1\n', { task: 'regression' });
    expect(regression.task).toBe('regression');
    expect(Array.from(regression.y)).toEqual([1, 0, 1]);
    const classes = await importCsv('a,y\n1,0.5\n2,1.5\n3,0.5\n', { task: 'binary' });
    expect(classes.classNames).toEqual(['0.5', '1.5']);
    const text = await importError('a,y\n1,no\n2,yes\n', { task: 'regression' });
    expect(text.message).toBe(`${text.file}: target 'y' holds text (e.g. 'no'): it cannot be a regression target`);
    const three = await importError('a,y\n1,a\n2,b\n3,c\n', { task: 'binary' });
    expect(three.message).toBe(`${three.file}: target 'y' has 3 classes, so the task cannot be binary`);
  });
});
