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
});
