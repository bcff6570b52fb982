import { describe, expect, it } from 'vitest';
import { defaultSpace, rowToDomain } from '../../../../../src/renderer/src/lib/state/space-form';
import { useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, studyReaches, value } from './api-fixture';

/** The contract's issue-12 entries through dispatch: base models in a spec, fits, groups, test looks. */
describe('method API', () => {
  const tempDir = useTempDir();

  it('the New-study form’s transfer space validates with a base model; a missing or unfitting one is named by field', async () => {
    const api = openApi(tempDir());
    try {
      const source = await value(api.ctx, 'studies.create', {
        spec: { name: 'src', dataset: 'sample:binary-1000x10', template: 'mlp', algorithm: 'grid', backend: 'cpu', space: { epochs: 1, units: 8 } },
      });
      await studyReaches(api.ctx, source.id, ['completed']);
      const [run] = await value(api.ctx, 'runs.list', { studyId: source.id });
      const base = await value(api.ctx, 'baseModels.import', { runId: run!.id, name: 'binary-base' });
      expect(base).toMatchObject({ name: 'binary-base', inputShape: [10], hasNormalization: true });
      expect((await value(api.ctx, 'baseModels.list')).map((b) => b.name)).toEqual(['binary-base']);

      const space = Object.fromEntries(defaultSpace('transfer').map((r) => [r.name, rowToDomain(r, 'random')]));
      const spec = { name: 't', dataset: 'sample:binary-1000x10', template: 'transfer', baseModel: 'binary-base', budget: { maxTrials: 2 }, space };
      expect(await value(api.ctx, 'studies.validateSpec', { spec })).toMatchObject({ valid: true, errors: [] });
      const missing = await value(api.ctx, 'studies.validateSpec', { spec: { ...spec, baseModel: 'nope' } });
      expect(missing.errors).toEqual([{ path: 'baseModel', message: expect.stringMatching(/^no base model "nope"/) }]);
      // A sample is generated on first use, which checking a spec (read-only) does not do: creating the
      // study is refused, nothing stored; once the sample exists, the check names the problems too.
      const unfitSpec = { ...spec, dataset: 'sample:regression-1000x8' };
      const refused = await call(api.ctx, 'studies.create', { spec: unfitSpec, start: false });
      expect(refused.ok ? null : refused.error.message).toMatch(/^baseModel: input shape: base model binary-base takes \[10\], dataset sample:regression-1000x8 has \[8\]/);
      expect((await value(api.ctx, 'studies.list')).map((st) => st.name)).toEqual(['src']);
      const unfit = await value(api.ctx, 'studies.validateSpec', { spec: unfitSpec });
      expect(unfit.errors.map((e) => e.path)).toEqual(['baseModel', 'baseModel', 'baseModel']);
      expect(unfit.errors[0]!.message).toBe('input shape: base model binary-base takes [10], dataset sample:regression-1000x8 has [8]');
      const none = await value(api.ctx, 'studies.validateSpec', { spec: { ...spec, baseModel: undefined } });
      expect(none.errors[0]).toMatchObject({ path: 'baseModel', message: expect.stringMatching(/template transfer starts from a base model/) });

      // Fits and groups of the source study answer through the contract's schemas.
      const fits = await value(api.ctx, 'studies.fits', { id: source.id });
      expect(fits.runs).toHaveLength(1);
      expect(fits.runs[0]!.diagnosis).toEqual({ kind: 'unknown', reason: '1 epoch: too few to judge' });
      expect(await value(api.ctx, 'studies.groups', { id: source.id })).toHaveLength(1);
      expect(await value(api.ctx, 'studies.testLooks', { id: source.id })).toEqual([]);
      await value(api.ctx, 'runs.evaluate', { runId: run!.id, by: 'a test' });
      expect(await value(api.ctx, 'studies.testLooks', { id: source.id })).toEqual([expect.objectContaining({ kind: 'run', runId: run!.id, label: 'trial 1', requestedBy: 'a test' })]);
      const bad = await call(api.ctx, 'ensembles.create', { studyId: source.id, top: 2, runIds: [1, 2] });
      expect(bad.ok).toBe(false);
    } finally {
      await api.close();
    }
  });
});
