import { describe, expect, it } from 'vitest';
import { activeHparams, conditionFor, isHparamActive } from '../../../../src/shared/domain/conditional-hparams';
import { hparamNamesFor, hparamsSchemaFor } from '../../../../src/shared/domain/hparams';

describe('conditional hyperparameters', () => {
  it('keeps momentum for momentum and nesterov only', () => {
    for (const optimizer of ['momentum', 'nesterov']) expect(isHparamActive('mlp', 'momentum', { optimizer })).toBe(true);
    for (const optimizer of ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax']) expect(isHparamActive('mlp', 'momentum', { optimizer })).toBe(false);
  });

  it('reads an absent parent from the template default (adam: no momentum, but betas)', () => {
    expect(isHparamActive('mlp', 'momentum', {})).toBe(false);
    expect(isHparamActive('mlp', 'beta1', {})).toBe(true);
    expect(isHparamActive('mlp', 'lr_step_size', {})).toBe(false); // default schedule: constant
    expect(isHparamActive('mlp', 'es_patience', {})).toBe(false); // early stopping off by default
  });

  it('ties the schedule parameters to their schedule', () => {
    const step = { lr_schedule: 'step' };
    expect(activeHparams('mlp', { ...step, lr_step_size: 5, lr_gamma: 0.5, lr_decay_rate: 0.9, lr_plateau_patience: 2, lr_min: 0.001 })).toEqual({ ...step, lr_step_size: 5, lr_gamma: 0.5, lr_min: 0.001 });
    expect(activeHparams('mlp', { lr_schedule: 'constant', lr_min: 0.001, lr_warmup_epochs: 2 })).toEqual({ lr_schedule: 'constant', lr_warmup_epochs: 2 });
  });

  it('takes booleans as stored text too', () => {
    expect(isHparamActive('mlp', 'es_patience', { early_stopping: 'true' })).toBe(true);
    expect(isHparamActive('mlp', 'es_patience', { early_stopping: false })).toBe(false);
  });

  it('keeps template keys to their template and units to MLPs with hidden layers', () => {
    expect(isHparamActive('mlp', 'filters', {})).toBe(false);
    expect(isHparamActive('cnn', 'units', {})).toBe(false);
    expect(isHparamActive('mlp', 'units', { hidden_layers: 0 })).toBe(false);
    expect(isHparamActive('cnn', 'filters_growth', { conv_blocks: 1 })).toBe(false);
    expect(isHparamActive('cnn', 'pool_size', { pooling: 'none' })).toBe(false);
  });

  it('names a parent every template knows and that is itself unconditional', () => {
    for (const template of ['mlp', 'cnn'] as const) {
      const names = hparamNamesFor(template);
      const defaults = hparamsSchemaFor(template).parse({});
      for (const name of names) {
        const c = conditionFor(template, name);
        if (!c) continue;
        expect(names).toContain(c.parent);
        expect(conditionFor(template, c.parent)).toBeUndefined();
        expect(c.parent in defaults).toBe(true);
      }
    }
  });
});
