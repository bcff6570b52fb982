import { describe, expect, it } from 'vitest';
import { finalMetrics, metricPanels, seriesByName } from '../../../../../../src/renderer/src/lib/components/run/metric-groups';

const pts = (name: string, values: (number | null)[]) => values.map((value, i) => ({ name, step: i + 1, value, wallTime: 0 }));

describe('metricPanels', () => {
  it('pairs training and validation metrics, loss first, diagnostics last', () => {
    const panels = metricPanels(['val_accuracy', 'epoch_time_ms', 'loss', 'accuracy', 'val_loss', 'val_f1']);
    expect(panels.map((p) => p.title)).toEqual(['loss', 'accuracy', 'f1', 'epoch_time_ms']);
    expect(panels[0]!.names).toEqual(['loss', 'val_loss']);
  });
});

describe('finalMetrics', () => {
  it('reports the final value and the best by the metric\'s direction', () => {
    const series = seriesByName([...pts('val_loss', [0.9, 0.4, 0.6]), ...pts('val_accuracy', [0.5, 0.8, null])]);
    const byName = Object.fromEntries(finalMetrics(series.values()).map((m) => [m.name, m]));
    expect(byName['val_loss']).toEqual({ name: 'val_loss', final: 0.6, best: 0.4, bestStep: 2 });
    expect(byName['val_accuracy']).toEqual({ name: 'val_accuracy', final: null, best: 0.8, bestStep: 2 });
  });
});
