import { describe, expect, it } from 'vitest';
import { hashToRoute, routeToHash, screenKey, type Route } from '../../../../src/renderer/src/lib/router/routes';

describe('routes', () => {
  it('round-trips every screen through the hash, runs by study and trial number', () => {
    const routes: Route[] = [
      { name: 'studies' },
      { name: 'study', studyId: 3 },
      { name: 'study', studyId: 3, trial: 5 },
      { name: 'run', studyId: 3, trial: 5 },
      { name: 'compare', studyId: 3, trials: [1, 4, 7] },
      { name: 'datasets', datasetId: 'iris data' },
      { name: 'settings' },
      { name: 'new-study', datasetId: 'abc' },
    ];
    for (const r of routes) expect(hashToRoute(routeToHash(r))).toEqual(r);
    expect(routeToHash({ name: 'run', studyId: 3, trial: 5 })).toBe('#/studies/3/trials/5');
  });

  it('opens old run-id links and falls back to the studies list on nonsense', () => {
    expect(hashToRoute('#/runs/9')).toEqual({ name: 'legacy-run', runId: 9 });
    expect(hashToRoute('#/studies/0')).toEqual({ name: 'studies' });
    expect(hashToRoute('#/studies/2/compare?trials=x')).toEqual({ name: 'study', studyId: 2 });
    expect(hashToRoute('#/whatever')).toEqual({ name: 'studies' });
  });

  it('keys screens so another study, trial or comparison rebuilds them', () => {
    expect(screenKey({ name: 'study', studyId: 3, trial: 2 })).toBe(screenKey({ name: 'study', studyId: 3 }));
    expect(screenKey({ name: 'run', studyId: 3, trial: 2 })).not.toBe(screenKey({ name: 'run', studyId: 3, trial: 3 }));
    expect(screenKey({ name: 'compare', studyId: 3, trials: [1, 2] })).not.toBe(screenKey({ name: 'compare', studyId: 3, trials: [1, 3] }));
    expect(screenKey({ name: 'datasets', datasetId: 'abc' })).toBe(screenKey({ name: 'datasets' }));
  });
});
