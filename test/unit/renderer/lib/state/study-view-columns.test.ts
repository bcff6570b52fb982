import { describe, expect, it } from 'vitest';
import { defaultVisibleKeys, runColumns, THROUGHPUT_KEY } from '../../../../../src/renderer/src/lib/state/study-view-columns';
import { makeRun, makeStudy } from '../study-fixtures';

const study = makeStudy({ learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 } });
const deviceShown = (keys: string[]) => ({ device: keys.includes('device'), throughput: keys.includes(THROUGHPUT_KEY) });

describe('defaultVisibleKeys: device and throughput', () => {
  it('leaves them to the column menu when every run trained on the CPU (they would say `cpu` on every row)', () => {
    const keys = defaultVisibleKeys(study, [makeRun({ device: 'cpu' }), makeRun({ device: 'cpu' }), makeRun({ device: null, status: 'queued' })]);
    expect(deviceShown(keys)).toEqual({ device: false, throughput: false });
    expect(keys).toEqual(['trial', 'status', 'objective', 'final', 'epochs', 'duration', 'param:learning_rate']);
  });

  it('shows both, after the run facts, when a run was placed on a GPU or runs span several devices', () => {
    for (const devices of [['gpu:0'], ['cpu', 'gpu:1'], ['gpu:0', 'gpu:1']]) {
      const keys = defaultVisibleKeys(study, devices.map((device) => makeRun({ device })));
      expect(deviceShown(keys), devices.join(',')).toEqual({ device: true, throughput: true });
      expect(keys.indexOf('device')).toBeGreaterThan(keys.indexOf('duration'));
      expect(keys.indexOf(THROUGHPUT_KEY)).toBeLessThan(keys.indexOf('param:learning_rate'));
    }
  });

  it('the device column reads the run where its latest attempt was placed', () => {
    const device = runColumns('val_loss').find((c) => c.key === 'device')!;
    expect(device.value(makeRun({ device: 'gpu:1' }), { lastMetrics: new Map(), now: 0 })).toBe('gpu:1');
    expect(device.value(makeRun({ device: null }), { lastMetrics: new Map(), now: 0 })).toBeNull();
  });
});
