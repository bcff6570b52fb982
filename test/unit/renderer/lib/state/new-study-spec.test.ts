import { describe, expect, it } from 'vitest';
import { parseStudySpec, specToYaml } from '../../../../../src/main/core/search/load-spec';
import { validateStudySpec } from '../../../../../src/main/core/search/validate-spec';
import { formToSpec, specToFields, type FormFields } from '../../../../../src/renderer/src/lib/state/new-study-spec';
import { defaultSearchFields, prunerOptionsFor, searchToSpec } from '../../../../../src/renderer/src/lib/state/search-form';
import { defaultSpace } from '../../../../../src/renderer/src/lib/state/space-form';
import { warmStartChoices } from '../../../../../src/renderer/src/lib/state/warm-start-choices';

const fields = (over: Partial<FormFields> = {}): FormFields => ({
  name: 'tpe-asha',
  dataset: { ref: 'sample:binary-1000x10', label: 'sample:binary-1000x10', task: 'binary', kind: 'tabular' },
  template: 'mlp',
  objectiveMetric: 'val_loss',
  direction: 'minimize',
  seed: 4,
  maxTrials: 30,
  maxTimeMin: '',
  maxEpochs: 200,
  concurrency: '',
  backend: 'auto',
  rows: defaultSpace('mlp'),
  search: defaultSearchFields(),
  carried: {},
  ...over,
});

/** A TPE + ASHA study with an epoch budget and a log-scaled int range, as a user fills the form. */
function tpeAshaFields(): FormFields {
  const rows = defaultSpace('mlp').map((r) => (r.name === 'hidden_layers' ? { ...r, low: '1', high: '8', log: true } : r));
  const search = { ...defaultSearchFields(), algorithm: 'tpe' as const, nStartupTrials: 5, multivariate: true, warmStartStudy: 3, pruner: 'asha' as const, prunerOptions: { ...prunerOptionsFor('asha'), reductionFactor: 3 } };
  return fields({ rows, search });
}

describe('New-study form → spec → YAML', () => {
  it('writes tpe, its sampler options, the pruner, maxEpochs and int log into a spec the validator accepts', () => {
    const raw = formToSpec(tpeAshaFields());
    const spec = validateStudySpec(raw, 'form');
    expect(spec.algorithm).toBe('tpe');
    expect(spec.sampler).toEqual({ nStartupTrials: 5, multivariate: true, warmStartStudy: 3 });
    expect(spec.pruner).toEqual({ type: 'asha', minEpochs: 1, reductionFactor: 3, minEarlyStoppingRate: 0 });
    expect(spec.budget).toEqual({ maxTrials: 30, maxEpochs: 200 });
    expect(spec.space.hidden_layers).toEqual({ type: 'int', low: 1, high: 8, step: 1, log: true });
  });

  it('reads back equal from its YAML, and the form loaded from it makes the same spec again', () => {
    const spec = validateStudySpec(formToSpec(tpeAshaFields()), 'form');
    const yaml = specToYaml(spec);
    expect(yaml).toContain('algorithm: tpe');
    expect(yaml).toContain('pruner:');
    expect(parseStudySpec(yaml, 'round-trip.yaml')).toEqual(spec);
    const again = formToSpec({ ...specToFields(spec), dataset: tpeAshaFields().dataset });
    expect(validateStudySpec(again, 'form')).toEqual(spec);
  });

  it('keeps what it does not show (repeats, maxAttempts, task) and switches left unset', () => {
    const spec = parseStudySpec(
      'name: r\ndataset: sample:binary-1000x10\ntemplate: mlp\ntask: binary\nalgorithm: tpe\nsampler: {constantLiar: false}\npruner: {type: hyperband, minEpochs: 2}\nmaxAttempts: 4\nrepeats: 3\nbudget: {maxEpochs: 50}\nspace:\n  units: [8, 16]\n  epochs: 9\n',
      'r.yaml',
    );
    const loaded = specToFields(spec);
    expect(loaded.search.multivariate).toBeUndefined();
    expect(loaded.search.prunerOptions).toEqual({ minEpochs: '2', maxEpochs: '', reductionFactor: '3' });
    const again = validateStudySpec(formToSpec({ ...loaded, dataset: fields().dataset }), 'form');
    expect(again).toEqual(spec);
  });

  it('sends a value that does not read as typed, so the validator names the field', () => {
    const f = tpeAshaFields();
    f.search.nStartupTrials = 'ten';
    f.search.prunerOptions.minEpochs = '0';
    expect(() => validateStudySpec(formToSpec(f), 'form')).toThrow(/sampler\.nStartupTrials[\s\S]*pruner\.minEpochs|pruner\.minEpochs[\s\S]*sampler\.nStartupTrials/);
  });

  it('leaves sampler and pruner out when they say nothing, and sampler out of non-tpe studies', () => {
    expect(searchToSpec(defaultSearchFields())).toEqual({ algorithm: 'random' });
    expect(searchToSpec({ ...defaultSearchFields(), algorithm: 'tpe' })).toEqual({ algorithm: 'tpe' });
    expect(searchToSpec({ ...defaultSearchFields(), algorithm: 'grid', nStartupTrials: 5, pruner: 'median', prunerOptions: prunerOptionsFor('median') })).toEqual({
      algorithm: 'grid',
      pruner: { type: 'median', warmupTrials: 5, warmupEpochs: 0, intervalEpochs: 1, minTrials: 1 },
    });
  });
});

describe('warm-start picker', () => {
  const study = (id: number, yamlTail: string, finished = 4) => ({
    id,
    name: `s${id}`,
    finished,
    spec: parseStudySpec(`name: s${id}\ndataset: sample:binary-1000x10\ntemplate: mlp\nbudget: {maxTrials: 5}\n${yamlTail}`, 's.yaml'),
  });

  it('offers studies with the same objective and template that searched a parameter this form searches', () => {
    const form = { objectiveMetric: 'val_loss', direction: 'minimize' as const, template: 'mlp' as const, rows: defaultSpace('mlp') };
    const choices = warmStartChoices(form, [
      study(1, 'space:\n  learning_rate: {type: log-float, low: 1.0e-4, high: 0.1}\n'),
      study(2, 'objective: {metric: val_accuracy, direction: maximize}\nspace:\n  learning_rate: {type: log-float, low: 1.0e-4, high: 0.1}\n'),
      study(3, 'space:\n  l2: {type: float, low: 0, high: 0.1}\n'),
      study(4, 'space:\n  units: [8, 16]\n', 0),
    ]);
    expect(choices.map((c) => [c.id, c.problem === null])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
    ]);
    expect(choices[1]!.problem).toContain('maximizes val_accuracy');
    expect(choices[3]!.problem).toContain('no finished runs');
  });
});
