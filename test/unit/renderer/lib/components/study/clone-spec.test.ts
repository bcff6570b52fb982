import { describe, expect, it } from 'vitest';
import { changedParams, fixedSpecFrom, paramFromField, paramInputText, parseParamInput, outsideSpace } from '../../../../../../src/renderer/src/lib/components/study/clone-spec';
import { studySpecSchema } from '../../../../../../src/shared/domain/study-spec';
import { makeRun, makeStudy } from '../../study-fixtures';

describe('fixedSpecFrom', () => {
  it('makes a valid one-trial spec with every hyperparameter fixed', () => {
    const study = makeStudy({ learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 } });
    const run = makeRun({ trialNumber: 4, params: { learning_rate: 0.003, optimizer: 'adam' } });
    const spec = fixedSpecFrom(study, run, { learning_rate: 0.01, optimizer: 'adam' });
    const parsed = studySpecSchema.parse(spec);
    expect(parsed.budget.maxTrials).toBe(1);
    expect(parsed.space).toEqual({ learning_rate: { type: 'fixed', value: 0.01 }, optimizer: { type: 'fixed', value: 'adam' } });
    expect(parsed.name).toBe('s-trial-4');
  });
});

describe('parseParamInput / changedParams', () => {
  it('keeps the original type and rejects what does not parse', () => {
    expect(parseParamInput(0.1, ' 0.5 ')).toEqual({ value: 0.5 });
    expect(parseParamInput(0.1, 'abc')).toHaveProperty('error');
    expect(parseParamInput(0.1, '')).toHaveProperty('error');
    expect(parseParamInput(true, 'false')).toEqual({ value: false });
    expect(parseParamInput('adam', 'sgd')).toEqual({ value: 'sgd' });
  });

  it('sends only the changed values', () => {
    expect(changedParams({ a: 1, b: 'x' }, { a: 1, b: 'y' })).toEqual({ b: 'y' });
  });
});

describe('paramInputText / paramFromField', () => {
  it('shows 4 significant digits but keeps the exact value of an untouched field', () => {
    const exact = 0.39731279760599136;
    const shown = paramInputText(exact);
    expect(shown).toBe('0.3973');
    expect(paramFromField(exact, shown, shown)).toEqual({ value: exact });
    expect(paramFromField(exact, shown, '0.5')).toEqual({ value: 0.5 });
    expect(paramInputText(64)).toBe('64');
    expect(paramInputText('adam')).toBe('adam');
  });
});

describe('outsideSpace', () => {
  it('says when a clone leaves the search space, and stays quiet inside it', () => {
    expect(outsideSpace({ type: 'int', low: 1, high: 3, step: 1 }, 2)).toBeNull();
    expect(outsideSpace({ type: 'int', low: 1, high: 3, step: 1 }, 5)).toBe("outside the study's range 1 … 3");
    expect(outsideSpace({ type: 'int', low: 1, high: 3, step: 1 }, 1.5)).toMatch(/whole numbers 1 … 3/);
    expect(outsideSpace({ type: 'log-float', low: 1e-4, high: 0.1 }, 0.5)).toMatch(/outside the study's range/);
    expect(outsideSpace({ type: 'choice', values: ['adam', 'sgd'] }, 'rmsprop')).toMatch(/not one of the study's choices \(adam, sgd\)/);
    expect(outsideSpace({ type: 'fixed', value: 5 }, 7)).toBeNull();
    expect(outsideSpace(undefined, 7)).toBeNull();
  });
});
