import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import type { EpochRecord } from '../../../../../src/main/core/store/types';
import { storeWithStudy } from './fixtures';

const minimize = { metric: 'val_loss', direction: 'minimize' } as const;
const maximize = { metric: 'val_accuracy', direction: 'maximize' } as const;
const epochs = (metric: string, values: number[]) => values.map((v, i) => ({ epoch: i + 1, metrics: { [metric]: v, loss: 1 }, wallTime: 100 + i }));

describe('recordEpochs', () => {
  it('minimize: best is the lowest, final is the latest epoch', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [0.9, 0.4, 0.6]), minimize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 3, bestEpoch: 2, bestObjective: 0.4, finalObjective: 0.6 });
    store.recordEpochs(run.id, [{ epoch: 4, metrics: { val_loss: 0.3 }, wallTime: 104 }], minimize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 4, bestEpoch: 4, bestObjective: 0.3, finalObjective: 0.3 });
  });

  it('maximize: best is the highest; ties keep the earlier epoch', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_accuracy', [0.5, 0.8, 0.8, 0.7]), maximize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 4, bestEpoch: 2, bestObjective: 0.8, finalObjective: 0.7 });
  });

  it('stores non-finite values as null and never picks them as best', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [0.8, Number.NaN, Number.NEGATIVE_INFINITY]), minimize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 3, bestEpoch: 1, bestObjective: 0.8, finalObjective: null });
    expect(store.getMetrics(run.id, ['val_loss']).map((p) => p.value)).toEqual([0.8, null, null]);
  });

  it('a run whose objective never was finite has no best', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [Number.NaN]), minimize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 1, bestEpoch: null, bestObjective: null });
  });

  it('a rewritten epoch replaces the old value and the summary follows it', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [0.5, 0.1]), minimize);
    store.recordEpochs(run.id, [{ epoch: 2, metrics: { val_loss: 0.45 }, wallTime: 500 }], minimize);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 2, bestEpoch: 2, bestObjective: 0.45, finalObjective: 0.45 });
    expect(store.getMetrics(run.id, ['val_loss'])).toEqual([
      { name: 'val_loss', step: 1, value: 0.5, wallTime: 100 },
      { name: 'val_loss', step: 2, value: 0.45, wallTime: 500 },
    ]);
  });

  it('returns curves ordered by name then step, optionally filtered by name', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [0.5, 0.4]), minimize);
    expect(store.getMetrics(run.id).map((p) => `${p.name}@${p.step}`)).toEqual(['loss@1', 'loss@2', 'val_loss@1', 'val_loss@2']);
    expect(store.getMetrics(run.id, ['loss', 'missing']).map((p) => p.name)).toEqual(['loss', 'loss']);
  });

  it('is atomic: a failure mid-batch leaves no rows and the summary untouched', () => {
    const { store, study, dbPath } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.recordEpochs(run.id, epochs('val_loss', [0.5]), minimize);
    // A real SQLite failure after some rows of the batch are already written.
    const other = new Database(dbPath);
    other.exec("CREATE TRIGGER fail_on_boom BEFORE INSERT ON metric WHEN NEW.name = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
    other.close();
    const batch: EpochRecord[] = [
      { epoch: 2, metrics: { val_loss: 0.2, loss: 0.3 }, wallTime: 2 },
      { epoch: 3, metrics: { val_loss: 0.1, boom: 1 }, wallTime: 3 },
    ];
    expect(() => store.recordEpochs(run.id, batch, minimize)).toThrow(/record epochs of run \d+ .*boom refused/);
    expect(store.getMetrics(run.id).map((p) => p.step)).toEqual([1, 1]);
    expect(store.getRun(run.id)).toMatchObject({ epochsDone: 1, bestObjective: 0.5, finalObjective: 0.5 });
  });

  it('refuses an unknown run and a bad epoch without writing', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    let caught: unknown;
    try {
      store.recordEpochs(999, epochs('val_loss', [0.5]), minimize);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('not_found');
    expect((caught as AppError).message).toBe('Run 999 not found');
    const bad = [...epochs('val_loss', [0.5]), { epoch: 1.5, metrics: { val_loss: 0.1 }, wallTime: 1 }];
    expect(() => store.recordEpochs(run.id, bad, minimize)).toThrow(/epoch 1.5 must be an integer/);
    expect(store.getMetrics(run.id)).toEqual([]);
  });
});

describe('finalMetrics', () => {
  it("gives every run's values at its last epoch, optionally for some names only", () => {
    const { store, study } = storeWithStudy();
    const a = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    const b = store.createRun({ studyId: study.id, params: {}, seed: 1 });
    store.createRun({ studyId: study.id, params: {}, seed: 2 }); // no epochs yet: absent
    store.recordEpochs(a.id, epochs('val_loss', [0.9, 0.4, 0.6]), minimize);
    store.recordEpochs(b.id, epochs('val_loss', [0.7, Number.NaN]), minimize);
    expect(store.finalMetrics(study.id)).toEqual(
      new Map([
        [a.id, { val_loss: 0.6, loss: 1 }],
        [b.id, { val_loss: null, loss: 1 }],
      ]),
    );
    expect(store.finalMetrics(study.id, ['val_loss'])).toEqual(new Map([[a.id, { val_loss: 0.6 }], [b.id, { val_loss: null }]]));
  });
});
