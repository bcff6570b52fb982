import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import { loadStudySpecFile, parseStudySpec, specToYaml } from '../../../../../src/main/core/search/load-spec';
import { parseFreeSpace } from '../../../../../src/main/core/search/parse-space';

const yaml = (top: string, space = '  epochs: 12\n  units: [8, 16]') => `name: t\ndataset: sample:binary-1000x10\ntemplate: mlp\n${top}\nspace:\n${space}\n`;

function errorLines(text: string): string[] {
  try {
    parseStudySpec(text, 's.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message.split('\n');
  }
  throw new Error('spec was accepted');
}

describe('search settings in a study spec', () => {
  it('reads algorithm tpe with sampler options, a pruner shorthand and an epoch budget', () => {
    const spec = parseStudySpec(yaml('algorithm: tpe\nsampler: {nStartupTrials: 5, multivariate: true, warmStartStudy: 3}\npruner: hyperband\nbudget: {maxEpochs: 200}'), 's.yaml');
    expect(spec.algorithm).toBe('tpe');
    expect(spec.sampler).toEqual({ nStartupTrials: 5, multivariate: true, warmStartStudy: 3 });
    expect(spec.pruner).toEqual({ type: 'hyperband', minEpochs: 1, reductionFactor: 3 });
    expect(spec.budget).toEqual({ maxEpochs: 200 });
    // YAML out and back in gives the same spec.
    expect(parseStudySpec(specToYaml(spec), 'again.yaml')).toEqual(spec);
  });

  it('keeps every shipped sample spec valid, unchanged in meaning', () => {
    const dir = path.join('resources', 'samples');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const spec = loadStudySpecFile(path.join(dir, file));
      expect(spec.pruner).toBeUndefined();
      expect(spec.sampler).toBeUndefined();
    }
  });

  it('names an unknown pruner where it was written, with the closest one', () => {
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: ashx'))).toEqual(['s.yaml: pruner: "ashx" is not a known kind (one of: none, median, asha, hyperband; did you mean asha?)']);
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: {type: asha, minEpochs: 0, reductionFactor: 1}'))).toEqual([
      's.yaml: pruner.minEpochs: must be ≥ 1',
      's.yaml: pruner.reductionFactor: must be ≥ 2',
    ]);
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: {type: median, patience: 2}'))).toEqual(['s.yaml: pruner.patience: unknown key']);
  });

  it('refuses sampler options for a sampler that takes none, and a budget that never ends', () => {
    expect(errorLines(yaml('algorithm: random\nbudget: {maxTrials: 3}\nsampler: {multivariate: true}'))).toEqual([
      's.yaml: sampler: options apply to algorithm tpe; this study uses random (remove sampler, or set algorithm: tpe)',
    ]);
    expect(errorLines(yaml('algorithm: tpe'))).toEqual(['s.yaml: budget: tpe search needs maxTrials, maxTimeSec or maxEpochs, or it would never stop']);
    expect(errorLines(yaml('algorithm: tpe\nbudget: {maxTrials: 3}\nsampler: {nEiCandidates: 0, constantLiar: maybe}'))).toEqual([
      's.yaml: sampler.nEiCandidates: must be ≥ 1',
      's.yaml: sampler.constantLiar: must be true or false, got "maybe"',
    ]);
  });

  it('refuses a pruner that could never judge within the trials\' epochs', () => {
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: {type: asha, minEpochs: 3, reductionFactor: 4, minEarlyStoppingRate: 1}'))).toEqual([
      's.yaml: pruner: the first rung is at epoch 12 (minEpochs·reductionFactor^minEarlyStoppingRate), not before the largest epochs in space (12), so no trial would ever be judged',
    ]);
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: {type: hyperband, minEpochs: 20}', '  units: 8'))).toEqual(['s.yaml: pruner.minEpochs: 20 must be below the default epochs (20)']);
    expect(errorLines(yaml('budget: {maxTrials: 3}\npruner: {type: median, warmupEpochs: 12}'))[0]).toContain('pruner.warmupEpochs: 12 is not below the largest epochs in space (12)');
  });

  it('takes a log scale on int ranges (Optuna\'s log=True) and says what it needs', () => {
    const spec = parseStudySpec(yaml('budget: {maxTrials: 3}', '  batch_size: {type: int, low: 8, high: 512, log: true}'), 's.yaml');
    expect(spec.space.batch_size).toEqual({ type: 'int', low: 8, high: 512, step: 1, log: true });
    expect(errorLines(yaml('budget: {maxTrials: 3}', '  hidden_layers: {type: int, low: 0, high: 4, log: true}\n  units: {type: int, low: 16, high: 64, step: 16, log: true}'))).toEqual([
      's.yaml: space.hidden_layers.low: must be ≥ 1 on a log scale (log: true), got 0',
      's.yaml: space.units.step: a log scale (log: true) takes every integer, so step must be 1, got 16',
    ]);
  });
});

describe('parseFreeSpace (benchmark objectives)', () => {
  it('takes shorthands and any parameter name, and names every problem', () => {
    expect(parseFreeSpace({ x1: { type: 'float', low: -5, high: 10 }, c: ['a', 'b'], k: 3 }, 'obj.mjs')).toEqual({
      x1: { type: 'float', low: -5, high: 10 },
      c: { type: 'choice', values: ['a', 'b'] },
      k: { type: 'fixed', value: 3 },
    });
    expect(() => parseFreeSpace({ x: { type: 'float', low: 1, high: 0 }, y: { type: 'floot' } }, 'obj.mjs')).toThrow(
      'obj.mjs: space.y.type: "floot" is not a known kind (one of: fixed, choice, int, float, log-float; did you mean float?)\nobj.mjs: space.x.high: must be greater than low (1)',
    );
    expect(() => parseFreeSpace(undefined, 'obj.mjs')).toThrow('obj.mjs: space: required');
  });
});
