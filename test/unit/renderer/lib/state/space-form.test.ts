import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_METRICS as MAIN_CLASSIFICATION, REGRESSION_METRICS as MAIN_REGRESSION } from '../../../../../src/main/core/search/objective-metrics';
import { validateStudySpec } from '../../../../../src/main/core/search/validate-spec';
import { hparamNamesFor, TEMPLATES } from '../../../../../src/shared/domain/hparams';
import type { Domain } from '../../../../../src/shared/domain/space';
import {
  CLASSIFICATION_METRICS,
  defaultSpace,
  directionFor,
  domainToRow,
  newRow,
  parseScalar,
  REGRESSION_METRICS,
  rowToDomain,
} from '../../../../../src/renderer/src/lib/state/space-form';

const specWith = (template: 'mlp' | 'cnn', space: Record<string, unknown>) => ({
  name: 'form-test',
  dataset: template === 'cnn' ? 'sample:shapes-16' : 'sample:binary-1000x10',
  template,
  budget: { maxTrials: 5 },
  space,
});

describe('search-space form', () => {
  it('starts each template from a space the CLI validator accepts, naming only that template’s hyperparameters', () => {
    // transfer needs a base model in the store; its default space is checked with one in the API tests.
    for (const template of TEMPLATES.filter((t) => t !== 'transfer')) {
      const rows = defaultSpace(template);
      for (const r of rows) expect(hparamNamesFor(template)).toContain(r.name);
      const space = Object.fromEntries(rows.map((r) => [r.name, rowToDomain(r, 'random')]));
      expect(() => validateStudySpec(specWith(template, space), 'spec')).not.toThrow();
      expect(space.learning_rate).toEqual({ type: 'log-float', low: 0.0001, high: 0.1 });
    }
  });

  it('round-trips every domain kind through an editor row', () => {
    const domains: Record<string, Domain> = {
      a: { type: 'fixed', value: true },
      b: { type: 'choice', values: [32, 64, 'x'] },
      c: { type: 'int', low: 1, high: 9, step: 2 },
      d: { type: 'float', low: 0, high: 0.5, gridPoints: 3 },
      e: { type: 'log-float', low: 1e-4, high: 0.1 },
    };
    for (const [name, d] of Object.entries(domains)) {
      expect(rowToDomain(domainToRow(name, d), 'grid')).toEqual(d);
    }
    // Grid points only matter to grid search, so random search leaves them out.
    expect(rowToDomain(domainToRow('d', domains.d!), 'random')).toEqual({ type: 'float', low: 0, high: 0.5 });
  });

  it('reads typed values the way a user means them, and passes bad numbers on for the validator to name', () => {
    expect([parseScalar(' 64 '), parseScalar('true'), parseScalar('adam'), parseScalar('1e-3')]).toEqual([64, true, 'adam', 0.001]);
    const row = { ...domainToRow('dropout', { type: 'float', low: 0, high: 0.5 }), high: 'abc' };
    expect(rowToDomain(row, 'random')).toEqual({ type: 'float', low: 0, high: 'abc' });
    expect(() => validateStudySpec(specWith('mlp', { dropout: rowToDomain(row, 'random') }), 'spec')).toThrow(/space\.dropout/);
  });

  it('adds a hyperparameter fixed at the template default', () => {
    expect(rowToDomain(newRow('mlp', 'l2'), 'random')).toEqual({ type: 'fixed', value: 0 });
    expect(rowToDomain(newRow('cnn', 'padding'), 'random')).toEqual({ type: 'fixed', value: 'same' });
  });

  it('offers the objective metrics main accepts, with the usual direction', () => {
    expect([...CLASSIFICATION_METRICS]).toEqual([...MAIN_CLASSIFICATION]);
    expect([...REGRESSION_METRICS]).toEqual([...MAIN_REGRESSION]);
    expect(directionFor('val_loss')).toBe('minimize');
    expect(directionFor('val_mae')).toBe('minimize');
    expect(directionFor('val_accuracy')).toBe('maximize');
  });
});
