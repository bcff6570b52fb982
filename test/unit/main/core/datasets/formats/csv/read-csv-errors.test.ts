import { describe, expect, it } from 'vitest';
import { importError } from './csv-fixture';

/** Each bad input is refused as invalid_input with a message naming the file, the line where there is one, and the reason. */
describe('readCsv: bad input', () => {
  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a file of blank lines', '\n\r\n  \n', 'the file is empty'],
    ['a header with no data', 'a,b,label\n', 'only a header line, no data rows'],
    ['a single-class target', 'a,label\n1,x\n2,x\n3,x\n', "target 'label' has a single class ('x'): nothing to learn"],
    ['a constant numeric target', 'a,label\n1,0.5\n2,0.5\n', "target 'label' has a single value (0.5): nothing to learn"],
    ['a missing target column', 'a,b\n1,0\n2,1\n', "no column named 'price' for the target; the columns are: a, b"],
    ['a target only', 'label\nx\ny\nx\n', 'no feature columns besides the target'],
  ])('%s', async (_, content, reason) => {
    const error = await importError(content, reason.includes("'price'") ? { target: 'price' } : {});
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`${error.file}: ${reason}`);
  });

  it('ragged rows, naming the line even after a quoted line break', async () => {
    const short = await importError('a,b,label\n1,2,x\n3,4,y\n5,6\n7,8,x\n');
    expect(short.code).toBe('invalid_input');
    expect(short.message).toBe(`${short.file}: line 4: 2 fields, but the header has 3`);
    const afterQuotes = await importError('a,b,label\n1,"two\nlines",x\n\n3,4,y,extra\n');
    expect(afterQuotes.message).toBe(`${afterQuotes.file}: line 5: 4 fields, but the header has 3`);
    const noHeader = await importError('1,2,0\n3,4\n');
    expect(noHeader.message).toBe(`${noHeader.file}: line 2: 2 fields, but the first row has 3`);
  });

  it('ragged row deep in a file of several chunks', async () => {
    const lines = ['a,b,label'];
    for (let i = 0; i < 100_000; i++) lines.push(i % 1000 === 5 ? `${i},"quoted\nbreak",x` : `${i},${i},y`);
    lines.push('1,2');
    const error = await importError(lines.join('\n') + '\n');
    expect(error.message).toBe(`${error.file}: line ${lines.length + 100}: 2 fields, but the header has 3`);
  });

  it('NaN/Inf values, naming line and column', async () => {
    for (const bad of ['inf', '-Infinity', '1e999', 'INF']) {
      const error = await importError(`a,b,label\n1,2,x\n3,${bad},y\n`);
      expect(error.message).toBe(`${error.file}: line 3: column 'b': '${bad}' is not a finite number (NaN/Inf values are not data)`);
    }
    const huge = await importError('a,b,label\n1,2,x\n3,4,y\n5,-4e38,x\n');
    expect(huge.message).toBe(`${huge.file}: line 4: column 'b': '-4e38' is beyond the float32 range (±3.4e38)`);
  });

  it('non-UTF-8 text, naming line and byte offset', async () => {
    const prefix = Buffer.from('a,b,label\n1,caf');
    const bytes = Buffer.concat([prefix, Buffer.from([0xe9]), Buffer.from(',x\n2,y,z\n')]); // Latin-1 é
    const error = await importError(bytes);
    expect(error.message).toBe(`${error.file}: line 2: not UTF-8 text (invalid byte 0xe9 at byte offset ${prefix.length}): save the file as UTF-8`);
    const deep = Buffer.concat([Buffer.from('a,label\n' + '1,x\n'.repeat(600_000)), Buffer.from([0x31, 0xff, 0x2c, 0x79, 0x0a])]);
    const deepError = await importError(deep);
    expect(deepError.message).toBe(`${deepError.file}: line 600002: not UTF-8 text (invalid byte 0xff at byte offset ${deep.length - 4}): save the file as UTF-8`);
    // A broken sequence whose lead byte ends one read chunk (1 MiB) and whose next byte starts the next.
    const straddling = Buffer.concat([Buffer.from('a,label\n1,x\n2,' + 'w'.repeat(2 ** 20 - 15)), Buffer.from([0xe9]), Buffer.from('\n3,x\n')]);
    const straddlingError = await importError(straddling);
    expect(straddlingError.message).toBe(`${straddlingError.file}: line 3: not UTF-8 text (invalid byte 0xe9 at byte offset ${2 ** 20 - 1}): save the file as UTF-8`);
    const truncated = await importError(Buffer.concat([Buffer.from('a,label\n1,x\n2,'), Buffer.from([0xe2, 0x82])]));
    expect(truncated.message).toContain('line 3: not UTF-8 text (invalid byte 0xe2 at byte offset 14)');
    const utf16 = await importError(Buffer.from('\ufeffa,label\n1,x\n', 'utf16le'));
    expect(utf16.message).toBe(`${utf16.file}: line 1: the text is UTF-16, not UTF-8: save it as UTF-8`);
  });

  it('broken quoting: a quoted field never closed, text after a closing quote', async () => {
    const error = await importError('a,b,label\n1,2,x\n3,"open,y\n4,5,x\n');
    expect(error.message).toBe(`${error.file}: line 3: a quoted field is never closed`);
    const stray = await importError('a,b,label\n1,2,x\n3,"4"5,y\n');
    expect(stray.message).toBe(`${stray.file}: line 3: a closing quote is followed by text (write a quote inside a quoted field as "")`);
  });

  it('absurd sizes: more than 100,000 columns', async () => {
    const error = await importError(Array.from({ length: 100_001 }, (_, j) => j).join(',') + '\n');
    expect(error.message).toBe(`${error.file}: line 1: 100001 columns (more than 100000): not a table, or the delimiter is wrong (set it with the delimiter option)`);
  });
});
