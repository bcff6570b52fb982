import { describe, expect, it } from 'vitest';
import { importCsv, importError, rows } from './csv-fixture';

/** `n` rows of `make(i)` under `header`, as CSV text. */
const table = (header: string, n: number, make: (i: number) => string) => [header, ...Array.from({ length: n }, (_, i) => make(i))].join('\n') + '\n';

describe('readCsv: columns that carry no signal as written', () => {
  it('renames duplicate header names and says so', async () => {
    const data = await importCsv('a,a,a,label\n1,2,3,x\n4,5,6,y\n');
    expect(data.featureNames).toEqual(['a', 'a_2', 'a_3']);
    expect(data.notes).toContain("header: the name 'a' appears 3 times; the columns are named a, a_2, a_3");
  });

  it('drops a text column unique to every row (an ID, free text), unless asked to keep it', async () => {
    const csv = table('name,size,label', 30, (i) => `person ${i},${i % 4},${i % 2}`);
    const data = await importCsv(csv);
    expect(data.featureNames).toEqual(['size']);
    expect(data.columns![0]).toMatchObject({ name: 'name', type: 'dropped', note: 'dropped: every row has its own value (30 distinct: an ID or free text), which a model cannot learn from' });
    expect(data.notes).toContain("column 'name': dropped: every row has its own value (30 distinct: an ID or free text), which a model cannot learn from");
    const kept = await importCsv(csv, { keepColumns: ['name'] });
    expect(kept.featureNames).toEqual(['name', 'size']);
    expect(kept.columns![0]).toMatchObject({ type: 'categorical', encoding: 'ordinal' });
    // An explicit encoding is a request to keep the column too.
    expect((await importCsv(csv, { encoding: { name: 'ordinal' } })).featureNames).toEqual(['name', 'size']);
    // Few rows: all-distinct values are no sign of an ID.
    expect((await importCsv('color,label\nred,0\nblue,1\ngreen,0\n')).featureNames).toEqual(['color=blue', 'color=green', 'color=red']);
  });

  it('drops a column that counts the rows, and names a keepColumns entry that is no column', async () => {
    const csv = table('id,x,label', 25, (i) => `${i + 1},${(i * 7) % 5},${i % 2}`);
    const data = await importCsv(csv);
    expect(data.featureNames).toEqual(['x']);
    expect(data.notes).toContain("column 'id': dropped: it counts the rows (an index), which says nothing about them");
    const error = await importError(csv, { keepColumns: ['ID'] });
    expect(error.message).toBe(`${error.file}: keepColumns names 'ID', which is not a column; the columns are: id, x, label`);
    const only = await importError(table('id,label', 25, (i) => `${i},${i % 2}`));
    expect(only.message).toBe(`${only.file}: no feature columns besides the target (dropped: id; keep them with the keepColumns option)`);
  });

  it('expands dates into year, month, day of week and day of year', async () => {
    const data = await importCsv('day,temp,label\n2024-01-01,3,0\n2024-02-29,5,1\n2023-12-31,1,0\n');
    expect(data.featureNames).toEqual(['day_year', 'day_month', 'day_day_of_week', 'day_day_of_year', 'temp']);
    // 2024-01-01 was a Monday (0), 2024-02-29 a Thursday (3), 2023-12-31 a Sunday (6).
    expect(rows(data)).toEqual([
      [2024, 1, 0, 1, 3],
      [2024, 2, 3, 60, 5],
      [2023, 12, 6, 365, 1],
    ]);
    expect(data.columns![0]).toMatchObject({ name: 'day', type: 'date', derived: ['day_year', 'day_month', 'day_day_of_week', 'day_day_of_year'] });
    expect(data.notes).toContain("column 'day': dates: expanded to year, month, day_of_week, day_of_year");
  });

  it('adds the hour for date-times, reads day/month order from the data, and drops dates when asked', async () => {
    const times = await importCsv('at,label\n2024-03-05T10:30:00Z,0\n2024-03-06 18:15,1\n2024-03-07,0\n');
    expect(times.featureNames).toEqual(['at_year', 'at_month', 'at_day_of_week', 'at_day_of_year', 'at_hour']);
    expect(rows(times).map((r) => r[4])).toEqual([10.5, 18.25, 0]);
    const dayFirst = await importCsv('when,label\n25/12/2023,0\n01/02/2024,1\n');
    expect(rows(dayFirst).map((r) => r.slice(0, 2))).toEqual([[2023, 12], [2024, 2]]);
    expect(dayFirst.notes).toContain("column 'when': dates: expanded to year, month, day_of_week, day_of_year; read as day/month/year");
    const clock = await importCsv('start,x,label\n08:30,1,0\n17:45,2,1\n');
    expect(clock.featureNames).toEqual(['start_hour', 'x']);
    expect(rows(clock).map((r) => r[0])).toEqual([8.5, 17.75]);
    const dropped = await importCsv('day,temp,label\n2024-01-01,3,0\n2024-02-29,5,1\n', { dates: 'drop' });
    expect(dropped.featureNames).toEqual(['temp']);
    expect(dropped.notes).toContain("column 'day': dropped: dates, dropped as the dates option asks");
  });

  it('leaves missing dates to impute, part by part', async () => {
    const data = await importCsv('day,label\n2024-01-01,0\n,1\n2024-01-03,0\n');
    expect(rows(data)[1]!.every(Number.isNaN)).toBe(true);
    expect(data.missing).toEqual([
      { column: 'day_year', encoding: 'numeric', offset: 0 },
      { column: 'day_month', encoding: 'numeric', offset: 1 },
      { column: 'day_day_of_week', encoding: 'numeric', offset: 2 },
      { column: 'day_day_of_year', encoding: 'numeric', offset: 3 },
    ]);
  });
});

describe('readCsv: where the table starts', () => {
  /** scikit-learn's bundled iris.csv: a count line, then rows of 4 features and a class code. */
  const iris = ['150,4,setosa,versicolor,virginica', ...Array.from({ length: 30 }, (_, i) => `${(5 + (i % 9) / 10).toFixed(1)},3.${i % 7},1.${i % 5},0.${i % 3},${i % 3}`)].join('\n') + '\n';

  it("detects scikit-learn's metadata line and names the classes with it", async () => {
    const data = await importCsv(iris);
    expect(data.featureNames).toEqual(['col_1', 'col_2', 'col_3', 'col_4']);
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.y.length).toBe(30);
    expect(data.notes).toContain(
      "line 1 ('150,4,setosa,versicolor,virginica') is a description of the table, not a header or a row: skipped; its class names (setosa, versicolor, virginica) name the target's classes 0, 1, … (set header / skip rows to read it otherwise)",
    );
  });

  it('detects a first line narrower than every row after it (breast_cancer.csv)', async () => {
    const csv = ['569,30,malignant,benign', ...Array.from({ length: 25 }, (_, i) => [...Array.from({ length: 30 }, (_, j) => ((i * 31 + j) % 17) / 4), i % 2].join(','))].join('\n') + '\n';
    const data = await importCsv(csv);
    expect(data.inputShape).toEqual([30]);
    expect(data.classNames).toEqual(['malignant', 'benign']);
  });

  it('follows header and skip-rows options instead of detecting', async () => {
    const skipped = await importCsv(iris, { skipRows: 1 });
    expect(skipped.classNames).toEqual(['0', '1', '2']);
    expect(skipped.notes).toContain('skipped the first 1 line(s) as asked');
    const named = await importCsv('# sensor log\nx,y,label\n1,2,a\n3,4,b\n', { skipRows: 1, header: true });
    expect(named.featureNames).toEqual(['x', 'y']);
    expect(named.notes).toContain('header: the first line names the columns (as set in the import options)');
    // Read as data, the text first row turns both columns into categories.
    const noHeader = await importCsv('a,b,label\n1,2,x\n3,4,y\n', { header: false });
    expect(noHeader.columns!.map((c) => c.name)).toEqual(['col_1', 'col_2', 'col_3']);
    expect(noHeader.featureNames).toEqual(['col_1=1', 'col_1=3', 'col_1=a', 'col_2=2', 'col_2=4', 'col_2=b']);
    expect(noHeader.y.length).toBe(3);
    const crlf = await importCsv('title\r\nmore title\r\nx,label\r\n1,a\r\n2,b\r\n', { skipRows: 2 });
    expect(crlf.featureNames).toEqual(['x']);
    const nothing = await importError('one\ntwo\n', { skipRows: 5 });
    expect(nothing.message).toBe(`${nothing.file}: nothing left after skipping 5 line(s)`);
  });

  it('imports a wide table of few rows (memory follows the cells, not the columns)', async () => {
    const width = 5000;
    const csv = table([...Array.from({ length: width }, (_, j) => `f${j}`), 'label'].join(','), 12, (i) => [...Array.from({ length: width }, (_, j) => (i * j) % 11), i % 2].join(','));
    const data = await importCsv(csv);
    expect(data.inputShape).toEqual([width]);
    expect(data.x[3 * width + 7]).toBe((3 * 7) % 11);
  });
});
