import { describe, expect, it } from 'vitest';
import { importCsv, rows } from './csv-fixture';

describe('readCsv: layout', () => {
  it('reads a header and numeric columns, the last column as target', async () => {
    const data = await importCsv('a,b,label\n1,2.5,0\n3,-4e2,1\n5,6,0\n');
    expect(data.format).toBe('csv');
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(data.inputShape).toEqual([2]);
    expect(rows(data)).toEqual([[1, 2.5], [3, -400], [5, 6]]);
    expect(Array.from(data.y)).toEqual([0, 1, 0]);
    expect(data.task).toBe('binary');
    expect(data.classNames).toEqual(['0', '1']);
    expect(data.notes).toContain('header: the first line names the columns (detected)');
  });

  it('names columns col_1… when the first row is data', async () => {
    const data = await importCsv('1,2,0\n3,4,1\n5,6,0\n');
    expect(data.featureNames).toEqual(['col_1', 'col_2']);
    expect(data.y.length).toBe(3);
    expect(data.columns!.map((c) => c.name)).toEqual(['col_1', 'col_2', 'col_3']);
  });

  it('takes a text-only first row as a header unless its values repeat below', async () => {
    const withHeader = await importCsv('color,size,label\nred,S,yes\nblue,M,no\nred,L,no\n');
    expect(withHeader.featureNames[0]).toBe('color=blue');
    expect(withHeader.y.length).toBe(3);
    const without = await importCsv('red,S,yes\nblue,M,no\nred,L,no\n');
    expect(without.y.length).toBe(3);
    expect(without.featureNames).toContain('col_1=red');
  });

  it.each([
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('detects the %s delimiter', async (name, delimiter) => {
    const data = await importCsv(['x,1', 'y', 'label'].join(delimiter) + '\n' + ['1.5', '2', 'a'].join(delimiter) + '\n' + ['3', '4', 'b'].join(delimiter) + '\n');
    expect(data.featureNames).toEqual(['x,1', 'y']);
    expect(rows(data)).toEqual([[1.5, 2], [3, 4]]);
    expect(data.notes).toContain(`delimiter: ${name}`);
  });

  it('uses a delimiter given in the options', async () => {
    const data = await importCsv('p;q|r\n1;2|x\n3;4|y\n5;6|x\n', { delimiter: '|' });
    expect(data.featureNames).toEqual(['p;q=1;2', 'p;q=3;4', 'p;q=5;6']);
    expect(data.classNames).toEqual(['x', 'y']);
    const tabs = await importCsv('a\tb\n1\t2\n3\t4\n', { delimiter: 'tab' });
    expect(tabs.featureNames).toEqual(['a']);
  });

  it('reads quoted fields with delimiters, line breaks and quotes inside', async () => {
    const csv = 'id,"note, long",label\n1,"say ""hi"", then\nleave",a\n2,plain,b\n3,"multi\nline\ntext",a\n';
    const data = await importCsv(csv, { encoding: { 'note, long': 'ordinal' } });
    expect(data.featureNames).toEqual(['id', 'note, long']);
    expect(data.columns![1]!.categories).toEqual(['multi\nline\ntext', 'plain', 'say "hi", then\nleave']);
    expect(rows(data)).toEqual([[1, 2], [2, 1], [3, 0]]);
  });

  it('drops a UTF-8 byte order mark and reads CRLF line ends', async () => {
    const data = await importCsv('\ufeffa,b,label\r\n1,x,0\r\n2,y,1\r\n');
    expect(data.featureNames).toEqual(['a', 'b=x', 'b=y']);
    expect(data.columns!.find((c) => c.name === 'b')!.categories).toEqual(['x', 'y']);
    expect(data.classNames).toEqual(['0', '1']);
  });

  it('streams a file of several chunks with quoted fields across chunk boundaries, reporting bytes up to the total', async () => {
    const lines = ['id,text,value,label'];
    for (let i = 0; i < 40_000; i++) lines.push(`${i},"line ${i % 7}, with ""quotes""\nand a break",${(i * 0.5).toFixed(1)},${i % 3 === 0 ? 'a' : 'b'}`);
    const content = lines.join('\n') + '\n';
    // The id column counts the rows (dropped by default as an index); kept here to find rows again.
    const data = await importCsv(content, { keepColumns: ['id'] });
    expect(content.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(data.y.length).toBe(40_000);
    expect(data.featureNames).toEqual(['id', ...Array.from({ length: 7 }, (_, k) => `text=line ${k}, with "quotes"\nand a break`), 'value']);
    const width = data.inputShape[0]!;
    for (const i of [0, 1, 12_345, 39_999]) {
      expect(data.x[i * width]).toBe(i);
      expect(data.x[i * width + 1 + (i % 7)]).toBe(1);
      expect(data.x[i * width + 8]).toBe(i * 0.5);
      expect(data.y[i]).toBe(i % 3 === 0 ? 0 : 1);
    }
    const reading = data.progress.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThan(2);
    expect(reading.every((p) => p.unit === 'bytes' && p.total === content.length)).toBe(true);
    expect(reading.at(-1)!.done).toBe(content.length);
    expect(reading.map((p) => p.done)).toEqual([...reading.map((p) => p.done)].sort((a, b) => a - b));
  });
});
