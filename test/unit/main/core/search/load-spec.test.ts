import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import { loadStudySpecFile, parseStudySpec, specToYaml } from '../../../../../src/main/core/search/load-spec';

const SAMPLES_DIR = path.resolve(__dirname, '../../../../../resources/samples');

const BASE = 'name: t\ndataset: sample:binary-1000x10\ntemplate: mlp\nbudget: {maxTrials: 3}\n';

describe('parseStudySpec', () => {
  it('turns bare scalars into fixed and bare lists into choice, and float+log into log-float', () => {
    const spec = parseStudySpec(`${BASE}space:\n  units: 64\n  activation: [relu, tanh]\n  batch_norm: true\n  learning_rate: {type: float, log: true, low: 1.0e-4, high: 0.1}\n  dropout: {type: float, log: false, low: 0, high: 0.5}\n`, 'study.yaml');
    expect(spec.space).toEqual({
      units: { type: 'fixed', value: 64 },
      activation: { type: 'choice', values: ['relu', 'tanh'] },
      batch_norm: { type: 'fixed', value: true },
      learning_rate: { type: 'log-float', low: 1e-4, high: 0.1 },
      dropout: { type: 'float', low: 0, high: 0.5 },
    });
  });

  it('fills the schema defaults', () => {
    const spec = parseStudySpec(`${BASE}space:\n  units: {type: int, low: 8, high: 64}\n`, 'study.yaml');
    expect(spec).toMatchObject({ algorithm: 'random', seed: 0, backend: 'auto', objective: { metric: 'val_loss', direction: 'minimize' } });
    expect(spec.space.units).toEqual({ type: 'int', low: 8, high: 64, step: 1 });
  });

  it('reads JSON', () => {
    const spec = parseStudySpec(JSON.stringify({ name: 'j', dataset: 'sample:binary-1000x10', template: 'mlp', budget: { maxTrials: 2 }, space: { units: [8, 16] } }), 'study.json');
    expect(spec.space.units).toEqual({ type: 'choice', values: [8, 16] });
  });

  it('reports YAML syntax errors with line and column', () => {
    let message = '';
    try {
      parseStudySpec(`${BASE}space:\n  units: [8, 16\n  activation: relu\n`, 'study.yaml');
    } catch (err) {
      expect((err as AppError).code).toBe('invalid_input');
      message = (err as AppError).message;
    }
    // The bracket opened on line 6 is found unclosed where line 7 starts.
    expect(message).toBe('study.yaml: line 7, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseStudySpec('{\n  "name": "x"\n  "dataset": "d"\n}', 'study.json')).toThrow(/^study\.json: line 3, column 3: not valid JSON \(Expected ',' or '}' after property value\)$/);
    // YAML would read this as dataset: null; as JSON it is an error.
    expect(() => parseStudySpec('{\n  "name": "x",\n  "dataset": \n}', 'study.json')).toThrow(/^study\.json: not valid JSON \(Unexpected token/);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseStudySpec(`${BASE}space:\n  units: 8\n  units: 16\n`, 'study.yaml')).toThrow(/study\.yaml: line 7, column 3: Map keys must be unique/);
  });
});

describe('specToYaml', () => {
  it('round-trips every domain kind and the optional keys', () => {
    const spec = parseStudySpec(
      `${BASE}task: binary\nconcurrency: 3\nseed: 9\nobjective: {metric: val_f1, direction: maximize}\nspace:\n` +
        `  units: {type: int, low: 8, high: 64, step: 8, grid: [8, 64]}\n  lr_schedule: cosine\n  es_restore_best: false\n  dropout: {type: float, low: 0, high: 0.5, gridPoints: 3}\n` +
        `  learning_rate: {type: log-float, low: 1.0e-5, high: 0.3}\n  activation: [relu, tanh]\n  batch_size: {type: choice, values: [32]}\n  optimizer: {type: fixed, value: "adam"}\n`,
      'study.yaml',
    );
    const text = specToYaml(spec);
    expect(parseStudySpec(text, 'roundtrip.yaml')).toEqual(spec);
    expect(text).toContain('activation: [relu, tanh]');
    expect(text).toContain('lr_schedule: cosine');
  });

  it('keeps strings that look like other types as strings', () => {
    const spec = parseStudySpec(`${BASE}space:\n  es_monitor: "val_loss"\n`, 'study.yaml');
    const odd = { ...spec, name: '123', dataset: 'true' };
    expect(parseStudySpec(specToYaml(odd), 'x')).toEqual(odd);
  });
});

describe('loadStudySpecFile', () => {
  it('names the file in errors and reports a missing file as not_found', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-spec-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, `${BASE}space:\n  dropuot: 0.1\n`);
    expect(() => loadStudySpecFile(file)).toThrow(`${file}: space.dropuot: unknown hyperparameter`);
    try {
      loadStudySpecFile(path.join(dir, 'missing.yaml'));
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('not_found');
      expect((err as AppError).message).toContain('missing.yaml: cannot read study spec');
    }
  });

  it('parses every shipped sample spec', () => {
    const files = fs.readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const spec = loadStudySpecFile(path.join(SAMPLES_DIR, file));
      expect(spec.dataset.startsWith('sample:')).toBe(true);
    }
  });

  it('keeps the README sample within its promised size', () => {
    const spec = loadStudySpecFile(path.join(SAMPLES_DIR, 'mlp-binary.yaml'));
    expect(spec).toMatchObject({ algorithm: 'random', seed: 42, concurrency: 2, budget: { maxTrials: 8 }, objective: { metric: 'val_loss', direction: 'minimize' } });
    expect(Object.keys(spec.space).sort()).toEqual(['activation', 'batch_size', 'dropout', 'epochs', 'hidden_layers', 'learning_rate', 'optimizer', 'units']);
  });
});
