import { describe, expect, it } from 'vitest';
import { faultHook, parseFault } from '../../../src/trainer/fault-injection';

const noActions = { silence: () => undefined, loseDevice: () => undefined };

describe('HPS_TRAINER_FAULT', () => {
  it('parses every fault and nothing else', () => {
    expect(parseFault(undefined)).toBeNull();
    expect(parseFault('')).toBeNull();
    expect(parseFault('throw@3')).toEqual({ kind: 'throw', epoch: 3 });
    expect(parseFault('crash@1')).toEqual({ kind: 'crash', epoch: 1 });
    expect(parseFault('hang@2')).toEqual({ kind: 'hang', epoch: 2 });
    expect(parseFault('oom@4')).toEqual({ kind: 'oom', epoch: 4 });
    expect(parseFault('lost@2')).toEqual({ kind: 'lost', epoch: 2 });
    expect(parseFault('slow=250')).toEqual({ kind: 'slow', ms: 250 });
    expect(() => parseFault('explode@1')).toThrow(/unknown fault 'explode@1'/);
  });

  it('throws only at its epoch', async () => {
    const hook = faultHook({ kind: 'throw', epoch: 2 }, noActions);
    await expect(hook(1)).resolves.toBeUndefined();
    await expect(hook(2)).rejects.toThrow('injected failure at epoch 2');
  });

  it('slows every epoch', async () => {
    const hook = faultHook({ kind: 'slow', ms: 60 }, noActions);
    const t0 = Date.now();
    await hook(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });
});
