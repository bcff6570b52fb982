import { describe, expect, it } from 'vitest';
import { apiContract } from '../../../../../src/shared/contract';
import { buildImportOptions, emptyImportOptionsForm } from '../../../../../src/renderer/src/lib/state/import-options';

describe('import options form', () => {
  it('sends nothing when nothing was set, so the importer decides', () => {
    expect(buildImportOptions(emptyImportOptionsForm())).toEqual({ options: {}, errors: {} });
  });

  it('builds options the contract accepts', () => {
    const { options, errors } = buildImportOptions({
      ...emptyImportOptionsForm(),
      target: ' species ',
      task: 'multiclass',
      trainPct: '80',
      valPct: '10',
      testPct: '10',
      seed: '7',
      imageWidth: '32',
      imageHeight: '24',
      color: 'grayscale',
    });
    expect(errors).toEqual({});
    expect(options).toEqual({ split: [0.8, 0.1, 0.1], seed: 7, options: { target: 'species', task: 'multiclass', imageSize: [24, 32], color: 'grayscale' } });
    expect(apiContract['datasets.import'].input.safeParse({ path: '/tmp/x.csv', ...options }).success).toBe(true);
  });

  it('names the field that is wrong', () => {
    const bad = buildImportOptions({ ...emptyImportOptionsForm(), trainPct: '80', valPct: '30', seed: '-1', imageWidth: '2' });
    expect(bad.errors.split).toMatch(/110%/);
    expect(bad.errors.seed).toBeDefined();
    expect(bad.errors.imageSize).toBeDefined();
    expect(bad.options.split).toBeUndefined();
  });

  it('builds the CSV options: header, lines to skip, delimiter, dates and columns to keep', () => {
    const { options, errors } = buildImportOptions({
      ...emptyImportOptionsForm(),
      header: 'no',
      skipRows: '1',
      delimiter: 'tab',
      dates: 'drop',
      keepColumns: ' name, id ,',
    });
    expect(errors).toEqual({});
    expect(options).toEqual({ options: { header: false, skipRows: 1, delimiter: '\t', dates: 'drop', keepColumns: ['name', 'id'] } });
    expect(apiContract['datasets.import'].input.safeParse({ path: '/tmp/x.csv', ...options }).success).toBe(true);
    expect(buildImportOptions({ ...emptyImportOptionsForm(), header: 'yes', delimiter: ';' }).options).toEqual({ options: { header: true, delimiter: ';' } });

    // Number inputs hand the form numbers (and null once cleared), not text.
    const typed = { ...emptyImportOptionsForm(), skipRows: 2, seed: null } as unknown as ReturnType<typeof emptyImportOptionsForm>;
    expect(buildImportOptions(typed)).toEqual({ options: { options: { skipRows: 2 } }, errors: {} });

    const bad = buildImportOptions({ ...emptyImportOptionsForm(), skipRows: '-2', delimiter: '::' });
    expect(bad.errors.skipRows).toMatch(/0 to 1000/);
    expect(bad.errors.delimiter).toMatch(/one character/);
    expect(bad.options).toEqual({});
  });
});
