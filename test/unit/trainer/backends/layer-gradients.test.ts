import { describe, expect, it } from 'vitest';
import { COMPARED_BACKENDS } from './fixtures/backends-under-test';
import { LAYER_CASES } from './fixtures/layer-cases';
import { OPTIMIZER_CASES } from './fixtures/optimizers';
import { gradientsOn, weightsAfterSteps, type CaseResult } from './fixtures/run-case';
import { normalizedMaxError } from './fixtures/seeded';

// float32 with different summation orders (XNNPACK, im2col, libtensorflow) vs the cpu backend's loops.
const TOLERANCE = 1e-3;

function expectSameAs(actual: CaseResult, reference: CaseResult): void {
  expect(actual.values.map((v) => v.name)).toEqual(reference.values.map((v) => v.name));
  expect(Math.abs(actual.loss - reference.loss)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(reference.loss)));
  actual.values.forEach((v, i) => {
    const error = normalizedMaxError(v.data, reference.values[i]!.data);
    expect(error, `${v.name}: normalized max error ${error}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

// cpu is the reference every other backend is held to; it is exercised by computing each reference.
for (const backend of COMPARED_BACKENDS) {
  describe.skipIf(!backend.available)(`${backend.name} vs cpu${backend.available ? '' : ` (skipped: ${backend.reason})`}`, () => {
    describe('loss gradients w.r.t. every weight', () => {
      it.each(LAYER_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const reference = await gradientsOn('cpu', c);
        // A gradient that is all zeros would match trivially and prove nothing about the kernels.
        for (const v of reference.values) expect(v.data.some((g) => g !== 0), `${v.name} has a non-zero gradient`).toBe(true);
        expectSameAs(await gradientsOn(backend.name, c), reference);
      });
    });

    describe('two optimizer steps on the conv + batchNorm model', () => {
      const model = LAYER_CASES[LAYER_CASES.length - 1]!;
      it.each(OPTIMIZER_CASES.map((o) => [o.name, o] as const))('%s', async (_name, o) => {
        const reference = await weightsAfterSteps('cpu', model, o.make, 2);
        expectSameAs(await weightsAfterSteps(backend.name, model, o.make, 2), reference);
      });
    });
  });
}
