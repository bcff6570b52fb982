import { describe, expect, it } from 'vitest';
import { createSearch } from '../../../../../src/main/core/search/create-search';
import { parseStudySpec, specToYaml } from '../../../../../src/main/core/search/load-spec';
import type { TrialRecord } from '../../../../../src/main/core/search/types';
import { AppError } from '../../../../../src/shared/result';

const head = 'name: t\ndataset: sample:binary-1000x10\ntemplate: mlp\nbudget: {maxTrials: 6}\n';

function refusal(text: string, source = 'study.yaml'): AppError {
  try {
    parseStudySpec(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('spec was accepted');
}

/** Nine aliases of nine aliases…: a few hundred bytes that expand to 9^6 values. */
function aliasBomb(): string {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (let i = 1; i < names.length; i++) rows.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${head}${rows.join('\n')}\nspace: {epochs: 1}\n`;
}

/** Runs a search to exhaustion (or `limit` trials), as the scheduler would, and lists what it proposed. */
function proposals(text: string, limit = 20): unknown[] {
  const search = createSearch(parseStudySpec(text, 'study.yaml'));
  const history: TrialRecord[] = [];
  for (let i = 0; i < limit; i++) {
    const params = search.suggest(history);
    if (params === null) break;
    history.push({ params, status: 'completed', objective: 1 });
  }
  return history.map((t) => t.params);
}

describe('study specs at their limits', () => {
  it('answers a YAML alias bomb as a spec error naming the file', () => {
    const err = refusal(aliasBomb(), 'bomb.yaml');
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('bomb.yaml: YAML aliases (*name) expand too much (over 100 uses of an alias): not a study spec; write the values out');
  });

  it('refuses an empty space unless repeats are asked for', () => {
    expect(refusal(`${head}space: {}\n`).message).toBe(
      'study.yaml: space: empty, so there is nothing to search (every trial would train the defaults); name hyperparameters with values, lists or ranges, or set repeats: N to train the defaults N times with different seeds',
    );
    // Asked for: the defaults, three times (each trial gets its own seed from the scheduler).
    expect(proposals(`${head}repeats: 3\nspace: {}\n`)).toEqual([{}, {}, {}]);
    // A fixed configuration is a deliberate single run, as the run page's "clone as a new study" makes.
    expect(proposals(`${head}space: {epochs: 2}\n`)).toEqual([{ epochs: 2 }]);
  });

  it('repeats every configuration of a search, oldest first', () => {
    expect(proposals(`${head}algorithm: grid\nrepeats: 2\nspace: {units: [8, 16]}\n`)).toEqual([{ units: 8 }, { units: 8 }, { units: 16 }, { units: 16 }]);
    const spec = parseStudySpec(`${head}repeats: 2\nspace: {units: [8, 16]}\n`, 'study.yaml');
    expect(parseStudySpec(specToYaml(spec), 'again.yaml')).toEqual(spec);
    expect(refusal(`${head}repeats: 0\nspace: {units: 8}\n`).message).toBe('study.yaml: repeats: must be ≥ 1');
  });

  it('says what is wrong with .nan and .inf bounds', () => {
    const lines = refusal(`${head}space:\n  learning_rate: {type: log-float, low: .nan, high: .inf}\n  dropout: {type: float, low: -.inf, high: 0.5}\n`).message.split('\n');
    expect(lines).toEqual([
      'study.yaml: space.learning_rate.low: must be a finite number, got NaN (.nan)',
      'study.yaml: space.learning_rate.high: must be a finite number, got infinity (.inf)',
      'study.yaml: space.dropout.low: must be a finite number, got minus infinity (-.inf)',
    ]);
  });

  it('reports a bad objective.metric together with every other error', () => {
    const lines = refusal(
      'name: t\ndataset: sample:binary-1000x10\ntemplate: mlp\nbudget: {maxTrials: -2}\nobjective: {metric: val_acc, direction: maximize}\nspace: {units: 8}\n',
    ).message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('study.yaml: budget.maxTrials: must be > 0');
    expect(lines[1]).toMatch(/^study\.yaml: objective\.metric: "val_acc" is not reported for task binary .*did you mean val_accuracy\?\)$/);
  });
});
