import { describe, expect, it } from 'vitest';
import { categoriesInIntervals, parallelAxes } from '../../../../../src/renderer/src/lib/charts/parallel-axes';
import { lineTooltip, parallelOption, parallelRow } from '../../../../../src/renderer/src/lib/charts/parallel-option';
import { makeRun, makeStudy } from '../study-fixtures';

const study = makeStudy({
  learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 },
  dropout: { type: 'float', low: 0, high: 0.5 },
  units: { type: 'choice', values: [32, 64] },
  epochs: { type: 'fixed', value: 5 },
  batch_norm: { type: 'choice', values: [true] },
});
const runs = [
  makeRun({ params: { learning_rate: 0.001, dropout: 0.1, units: 32, epochs: 5, batch_norm: true }, bestObjective: 0.2 }),
  makeRun({ params: { learning_rate: 0.05, dropout: 0.4, units: 64, epochs: 5, batch_norm: true }, bestObjective: 0.9 }),
];

describe('parallelAxes', () => {
  it('gives varying params an axis (log for log-float, category for choices) and ends with the objective', () => {
    const axes = parallelAxes(study, runs);
    expect(axes.map((a) => [a.key, a.type])).toEqual([
      ['param:learning_rate', 'log'],
      ['param:dropout', 'value'],
      ['param:units', 'category'],
      ['objective', 'value'],
    ]);
    expect(axes[2]!.categories).toEqual(['32', '64']);
  });

  it('falls back to a linear axis when a clone put a non-positive value on a log param', () => {
    const axes = parallelAxes(study, [...runs, makeRun({ params: { learning_rate: 0 }, bestObjective: 0.5 })]);
    expect(axes.find((a) => a.key === 'param:learning_rate')!.type).toBe('value');
  });

  it('uses a log objective axis when the objective spans more than two decades', () => {
    const spread = [makeRun({ bestObjective: 0.001 }), makeRun({ bestObjective: 5 })];
    expect(parallelAxes(study, spread).at(-1)!.type).toBe('log');
  });

  it('maps category brush indices back to labels', () => {
    expect(categoriesInIntervals(['a', 'b', 'c'], [[0.6, 2.2]])).toEqual(['b', 'c']);
  });
});

describe('parallelOption', () => {
  const axes = parallelAxes(study, runs);

  it('writes category values as text (numbers would be read as indices)', () => {
    expect(parallelRow(axes, runs[0]!)).toEqual([0.001, 0.1, '32', 0.2]);
  });

  it('colours by objective with "better" at the same colour for both directions', () => {
    const vmMin = parallelOption({ axes, runs, selectedIds: new Set(), direction: 'minimize' }).visualMap as { inRange: { color: string[] }; dimension: number; min: number; max: number };
    const vmMax = parallelOption({ axes, runs, selectedIds: new Set(), direction: 'maximize' }).visualMap as { inRange: { color: string[] } };
    expect(vmMin.dimension).toBe(3);
    expect([vmMin.min, vmMin.max]).toEqual([0.2, 0.9]);
    expect(vmMin.inRange.color[0]).toBe(vmMax.inRange.color.at(-1));
  });

  it('draws the selected runs in an overlay series', () => {
    const series = parallelOption({ axes, runs, selectedIds: new Set([runs[1]!.id]), direction: 'minimize' }).series as { data: unknown[] }[];
    expect(series[0]!.data).toHaveLength(2);
    expect(series[1]!.data).toHaveLength(1);
  });
});

describe('axes that show the search space', () => {
  const space = makeStudy({
    hidden_layers: { type: 'int', low: 1, high: 3, step: 1 },
    dropout: { type: 'float', low: 0, high: 0.5 },
  });
  const drawn = [
    makeRun({ params: { hidden_layers: 2, dropout: 0.391 }, bestObjective: 0.3 }),
    makeRun({ params: { hidden_layers: 3, dropout: 0.398 }, bestObjective: 0.4 }),
  ];

  it('spans the domain, not the values drawn, with whole-number ticks on int axes', () => {
    const [layers, dropout] = parallelAxes(space, drawn);
    expect(layers).toMatchObject({ key: 'param:hidden_layers', min: 1, max: 3, integer: true });
    expect(dropout).toMatchObject({ key: 'param:dropout', min: 0, max: 0.5 });
    expect(dropout!.integer).toBeUndefined();
    const axis = (parallelOption({ axes: [layers!], runs: drawn, selectedIds: new Set(), direction: 'minimize' }).parallelAxis as Record<string, unknown>[])[0]!;
    expect(axis).toMatchObject({ min: 1, max: 3, minInterval: 1 });
    const label = (axis.axisLabel as { formatter: (v: number) => string }).formatter;
    expect([label(1), label(1.5), label(2)]).toEqual(['1', '', '2']);
  });

  it('widens to a clone that left the space', () => {
    const [layers] = parallelAxes(space, [...drawn, makeRun({ params: { hidden_layers: 5, dropout: 0.1 }, bestObjective: 0.5 })]);
    expect(layers).toMatchObject({ min: 1, max: 5 });
  });

  it('names the trial and its values when a line is hovered, and draws the curves’ runs in their colours', () => {
    const axes = parallelAxes(space, drawn);
    expect(lineTooltip(axes, 'Trial #4', [2, 0.391, 0.3])).toBe('<b>Trial #4</b><br/>hidden_layers: <b>2</b><br/>dropout: <b>0.391</b><br/>val_loss (min): <b>0.3</b>');
    const option = parallelOption({ axes, runs: drawn, selectedIds: new Set(), direction: 'minimize', highlight: new Map([[drawn[1]!.id, '#e4572e']]) });
    expect((option.series as { data: { lineStyle?: { color: string } }[] }[])[1]!.data.map((d) => d.lineStyle?.color)).toEqual(['#e4572e']);
  });

  it('alternates axis names above and below when the axes are crowded', () => {
    const axes = parallelAxes(space, drawn);
    const crowded = parallelOption({ axes, runs: drawn, selectedIds: new Set(), direction: 'minimize', axisSpacing: 60 }).parallelAxis as { nameLocation?: string }[];
    expect(crowded.map((a) => a.nameLocation)).toEqual([undefined, 'start', undefined]);
    const roomy = parallelOption({ axes, runs: drawn, selectedIds: new Set(), direction: 'minimize', axisSpacing: 150 }).parallelAxis as { nameLocation?: string }[];
    expect(roomy.every((a) => a.nameLocation === undefined)).toBe(true);
  });
});
