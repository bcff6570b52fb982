import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import { parseStudySpec } from '../../../../../src/main/core/search/load-spec';
import { validateStudySpec } from '../../../../../src/main/core/search/validate-spec';

/** A valid spec with the given top-level overrides and space, as YAML. */
function yamlSpec(opts: { top?: string; space: string }): string {
  const top = opts.top ?? 'algorithm: random\nbudget: {maxTrials: 4}';
  return `name: t\ndataset: sample:binary-1000x10\ntemplate: mlp\n${top}\nspace:\n${opts.space}\n`;
}

/** The AppError lines for a spec expected to fail. */
function errorLines(text: string): string[] {
  try {
    parseStudySpec(text, 'study.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    return (err as AppError).message.split('\n');
  }
  throw new Error('spec was accepted');
}

describe('validateStudySpec', () => {
  it('rejects a log-float range with a non-positive bound', () => {
    expect(errorLines(yamlSpec({ space: '  learning_rate: {type: log-float, low: 0, high: 0.1}' }))).toEqual([
      'study.yaml: space.learning_rate.low: must be > 0 on a log scale',
    ]);
  });

  it('names an unknown hyperparameter, the template, the known names and the closest one', () => {
    const [line] = errorLines(yamlSpec({ space: '  dropuot: {type: float, low: 0, high: 0.5}' }));
    expect(line).toMatch(/^study\.yaml: space\.dropuot: unknown hyperparameter for template mlp \(known: epochs, batch_size, /);
    expect(line).toMatch(/did you mean dropout\?\)$/);
  });

  it('names a choice value the hyperparameter does not accept, and the allowed values', () => {
    const lines = errorLines(yamlSpec({ space: '  optimizer: [adam, lbfgs]' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('space.optimizer[1]: "lbfgs" is not a known optimizer (allowed: sgd, momentum, nesterov, adam, rmsprop');
  });

  it('uses the explicit path for a long-form choice and a fixed value', () => {
    const lines = errorLines(yamlSpec({ space: '  activation: {type: choice, values: [relu, swish]}\n  units: {type: fixed, value: 0}' }));
    expect(lines[0]).toContain('space.activation.values[1]: "swish" is not a known activation');
    expect(lines[1]).toContain('space.units.value: 0 must be ≥ 1');
  });

  it('checks range bounds against the hyperparameter (dropout ≤ 0.95)', () => {
    expect(errorLines(yamlSpec({ space: '  dropout: {type: float, low: 0, high: 0.99}' }))).toEqual(['study.yaml: space.dropout.high: 0.99 must be ≤ 0.95']);
  });

  it('requires low < high', () => {
    expect(errorLines(yamlSpec({ space: '  l2: {type: float, low: 0.1, high: 0.01}' }))).toEqual(['study.yaml: space.l2.high: must be greater than low (0.1)']);
    expect(errorLines(yamlSpec({ space: '  units: {type: int, low: 8, high: 8}' }))[0]).toContain('for a single value write units: 8');
  });

  it('requires an int step that reaches high', () => {
    expect(errorLines(yamlSpec({ space: '  units: {type: int, low: 16, high: 100, step: 16}' }))).toEqual([
      'study.yaml: space.units.step: 16 does not divide high - low = 84, so high 100 is never tried (use high: 96 or 112)',
    ]);
  });

  it('refuses a float range on an integer hyperparameter and a range on a categorical one', () => {
    const lines = errorLines(yamlSpec({ space: '  units: {type: float, low: 1, high: 8}\n  optimizer: {type: int, low: 1, high: 3}' }));
    expect(lines[0]).toContain('space.units.type: units takes integers; use type int instead of float');
    expect(lines[1]).toContain('space.optimizer.type: optimizer is not numeric');
    expect(lines[1]).toContain('one of: sgd');
  });

  it('checks explicit grid points against the range', () => {
    const lines = errorLines(yamlSpec({ space: '  units: {type: int, low: 8, high: 64, grid: [8, 128]}' }));
    expect(lines).toEqual(['study.yaml: space.units.grid[1]: 128 is outside low..high (8..64)']);
  });

  it('requires grid points for continuous ranges in a grid study', () => {
    const lines = errorLines(yamlSpec({ top: 'algorithm: grid', space: '  learning_rate: {type: log-float, low: 0.001, high: 0.1}\n  dropout: {type: float, low: 0, high: 0.5, gridPoints: 3}' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('space.learning_rate: grid search needs `grid`');
  });

  it('says how many trials an oversized grid has', () => {
    const lines = errorLines(yamlSpec({ top: 'algorithm: grid', space: '  units: {type: int, low: 1, high: 5000}\n  activation: [relu, tanh, elu]' }));
    expect(lines).toEqual(['study.yaml: space: the grid has 3 × 5000 = 15000 trials, more than 10000; use fewer grid points or algorithm: random']);
  });

  it('requires a budget for random search', () => {
    expect(errorLines(yamlSpec({ top: 'algorithm: random', space: '  units: 8' }))).toEqual([
      'study.yaml: budget: random search needs maxTrials, maxTimeSec or maxEpochs, or it would never stop',
    ]);
    expect(() => parseStudySpec(yamlSpec({ top: 'budget: {maxTimeSec: 60}', space: '  units: 8' }), 'x')).not.toThrow();
  });

  it('accepts a grid study without a budget', () => {
    expect(parseStudySpec(yamlSpec({ top: 'algorithm: grid', space: '  units: [8, 16]' }), 'x').algorithm).toBe('grid');
  });

  it('checks the objective metric against the task', () => {
    const lines = errorLines(yamlSpec({ top: 'budget: {maxTrials: 2}\nobjective: {metric: val_acc, direction: maximize}', space: '  units: 8' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('objective.metric: "val_acc" is not reported for task binary (known: loss, val_loss, accuracy, val_accuracy');
    expect(lines[0]).toContain('did you mean val_accuracy?');
    // Regression metrics are not reported on a classification sample.
    expect(errorLines(yamlSpec({ top: 'budget: {maxTrials: 2}\nobjective: {metric: val_mae, direction: minimize}', space: '  units: 8' }))[0]).toContain('for task binary');
  });

  it('accepts any known metric when the task is not known yet', () => {
    const spec = validateStudySpec({ name: 'r', dataset: 'my-data', template: 'mlp', objective: { metric: 'val_mae', direction: 'minimize' }, budget: { maxTrials: 1 }, space: { units: 8 } });
    expect(spec.objective.metric).toBe('val_mae');
    expect(() => validateStudySpec({ name: 'r', dataset: 'my-data', template: 'mlp', objective: { metric: 'r2', direction: 'maximize' }, budget: { maxTrials: 1 }, space: { units: 8 } })).toThrow(/objective\.metric: "r2" is not reported by any task/);
  });

  it('checks es_monitor values against the reported metrics', () => {
    expect(errorLines(yamlSpec({ space: '  es_monitor: val_acuracy' }))[0]).toContain('space.es_monitor: "val_acuracy" is not a metric the trainer reports');
  });

  it('rejects unknown top-level keys with a suggestion, and names missing required keys', () => {
    const lines = errorLines('name: t\ndatset: sample:binary-1000x10\nbudget: {maxTrials: 1}\nspace: {}\n');
    expect(lines).toContain('study.yaml: datset: unknown key (known: name, dataset, template, baseModel, task, objective, algorithm, sampler, pruner, seed, budget, concurrency, backend, maxAttempts, repeats, executor, space; did you mean dataset?)');
    expect(lines).toContain('study.yaml: dataset: required');
    expect(lines).toContain('study.yaml: template: required (one of: mlp, cnn, transfer)');
    expect(errorLines('name: t\ndataset: d\ntemplate: mlp\nbudget: {maxTrials: 1}\n')[0]).toMatch(/^study\.yaml: space: required/);
  });

  it('rejects unknown keys and kinds inside a domain', () => {
    const lines = errorLines(yamlSpec({ space: '  units: {type: int, low: 8, hihg: 64}\n  activation: {type: choise, values: [relu]}' }));
    expect(lines).toContain('study.yaml: space.units.high: required');
    expect(lines).toContain('study.yaml: space.units.hihg: unknown key');
    expect(lines).toContain('study.yaml: space.activation.type: "choise" is not a known kind (one of: fixed, choice, int, float, log-float; did you mean choice?)');
  });

  it('checks the template and task against a built-in sample', () => {
    const lines = errorLines('name: t\ndataset: sample:binary-1000x10\ntemplate: cnn\ntask: regression\nbudget: {maxTrials: 1}\nspace: {epochs: 2}\n');
    expect(lines).toEqual(['study.yaml: task: sample:binary-1000x10 is a binary dataset, not regression', 'study.yaml: template: cnn needs an image dataset; sample:binary-1000x10 is tabular']);
    expect(errorLines('name: t\ndataset: sample:binary-100\ntemplate: mlp\nbudget: {maxTrials: 1}\nspace: {epochs: 2}\n')[0]).toContain('dataset: unknown built-in sample "sample:binary-100"');
  });

  it('collects every error, one per line, each naming the file', () => {
    const lines = errorLines(
      yamlSpec({
        top: 'algorithm: random\nobjective: {metric: nope, direction: minimize}',
        space: '  learning_rate: {type: log-float, low: -1, high: 0.1}\n  dropuot: 0.1\n  optimizer: [lbfgs]',
      }),
    );
    expect(lines.length).toBe(5);
    for (const line of lines) expect(line.startsWith('study.yaml: ')).toBe(true);
    expect(lines.join('\n')).toMatch(/budget: .*\n.*objective\.metric|objective\.metric[^\n]*\n[^\n]*budget/);
  });

  it('says so when the spec is not a mapping', () => {
    expect(() => parseStudySpec('- a\n- b\n', 'list.yaml')).toThrow(/^list\.yaml: a study spec must be a mapping of keys/);
    expect(() => parseStudySpec('', 'empty.yaml')).toThrow('empty.yaml: the study spec is empty');
  });
});
