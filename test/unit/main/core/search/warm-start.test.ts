import { describe, expect, it } from 'vitest';
import { parseStudySpec } from '../../../../../src/main/core/search/load-spec';
import { warmStartProblem, warmStartRecords } from '../../../../../src/main/core/search/warm-start';

const spec = (objective: string, space = '  units: [8, 16]', template = 'mlp') =>
  parseStudySpec(`name: s\ndataset: sample:${template === 'cnn' ? 'shapes-16' : 'binary-1000x10'}\ntemplate: ${template}\nalgorithm: tpe\nbudget: {maxTrials: 5}\nobjective: ${objective}\nspace:\n${space}\n`, 's.yaml');

describe('warm start from another study', () => {
  const mine = spec('{metric: val_loss, direction: minimize}');

  it('accepts a study with the same objective and template that searched a shared parameter', () => {
    expect(warmStartProblem(mine, { name: 'old', spec: spec('{metric: val_loss, direction: minimize}', '  units: [8, 32]\n  dropout: {type: float, low: 0, high: 0.5}') })).toBeNull();
  });

  it('says why another study cannot seed this one', () => {
    expect(warmStartProblem(mine, { name: 'acc', spec: spec('{metric: val_accuracy, direction: maximize}') })).toBe(
      'sampler.warmStartStudy: study "acc" maximizes val_accuracy, this study minimizes val_loss',
    );
    expect(warmStartProblem(mine, { name: 'cnn', spec: spec('{metric: val_loss, direction: minimize}', '  filters: [4, 8]', 'cnn') })).toContain('trains the cnn template');
    expect(warmStartProblem(mine, { name: 'other', spec: spec('{metric: val_loss, direction: minimize}', '  dropout: {type: float, low: 0, high: 0.5}') })).toContain('searched none of');
  });

  it('keeps the finished runs only', () => {
    const runs = (['completed', 'pruned', 'failed', 'running', 'queued', 'cancelled', 'interrupted'] as const).map((status) => ({ params: {}, status, objective: null }));
    expect(warmStartRecords(runs).map((r) => r.status)).toEqual(['completed', 'pruned', 'failed']);
  });
});
