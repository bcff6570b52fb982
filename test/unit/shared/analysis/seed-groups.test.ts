import { describe, expect, it } from 'vitest';
import { bestOfRuns, configKey, groupRuns, rankRuns, type GroupableRun } from '../../../../src/shared/analysis/seed-groups';

let nextId = 1;
function run(params: Record<string, number | string>, best: number | null, extra: Partial<GroupableRun> = {}): GroupableRun {
  const id = nextId++;
  return { id, trialNumber: id, status: 'completed', params, bestObjective: best, finalObjective: best, epochsDone: 10, ...extra };
}

describe('seed groups', () => {
  it('groups runs with equal params whatever the key order, with mean and sample std', () => {
    const a1 = run({ lr: 0.1, units: 8 }, 0.5);
    const a2 = run({ units: 8, lr: 0.1 }, 0.7);
    const b = run({ lr: 0.01, units: 8 }, 0.6);
    const groups = groupRuns([a1, a2, b], 'minimize');
    expect(configKey(a1.params)).toBe(configKey(a2.params));
    expect(groups.map((g) => [g.runIds, g.n])).toEqual([
      [[a1.id, a2.id], 2],
      [[b.id], 1],
    ]);
    expect(groups[0]!.mean).toBeCloseTo(0.6, 12);
    expect(groups[0]!.std).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(groups[1]!.std).toBeNull();
  });

  it('a lucky seed does not win: the configuration with the better mean does', () => {
    const lucky = run({ lr: 0.5 }, 0.10);
    const unlucky = [run({ lr: 0.5 }, 0.90), run({ lr: 0.5 }, 0.80)];
    const steady = [run({ lr: 0.05 }, 0.30), run({ lr: 0.05 }, 0.32), run({ lr: 0.05 }, 0.31)];
    const all = [lucky, ...unlucky, ...steady];
    expect(bestOfRuns(all, 'minimize')!.id).toBe(steady[0]!.id);
    // Without the repeats the lucky run would have won.
    expect(bestOfRuns([lucky, steady[0]!], 'minimize')!.id).toBe(lucky.id);
    expect(rankRuns(all, 'minimize').map((r) => r.id)).toEqual([steady[0]!.id, steady[2]!.id, steady[1]!.id, lucky.id, unlucky[1]!.id, unlucky[0]!.id]);
  });

  it('ties go to the better final value, then to fewer epochs', () => {
    const fellBack = run({ u: 1 }, 0.9, { finalObjective: 0.8 });
    const heldOn = run({ u: 2 }, 0.9, { finalObjective: 0.9 });
    expect(bestOfRuns([fellBack, heldOn], 'maximize')!.id).toBe(heldOn.id);
    const slow = run({ u: 3 }, 0.9, { finalObjective: 0.9, epochsDone: 20 });
    const fast = run({ u: 4 }, 0.9, { finalObjective: 0.9, epochsDone: 12 });
    expect(bestOfRuns([slow, fast], 'maximize')!.id).toBe(fast.id);
  });

  it('leaves out unfinished, failed and objective-less runs', () => {
    const runs = [run({ a: 1 }, 0.1, { status: 'failed' }), run({ a: 2 }, 0.2, { status: 'running' }), run({ a: 3 }, null), run({ a: 4 }, 0.4, { status: 'pruned' })];
    expect(groupRuns(runs, 'minimize').map((g) => g.params)).toEqual([{ a: 4 }]);
    expect(bestOfRuns([], 'minimize')).toBeNull();
  });
});
