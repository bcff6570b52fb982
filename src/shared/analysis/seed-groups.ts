import type { ObjectiveDirection, RunStatus } from '../domain/run';
import type { ParamSet } from '../domain/space';

/** What grouping needs of a run (RunDto and the store's RunRow both fit). */
export interface GroupableRun {
  id: number;
  trialNumber: number;
  status: RunStatus;
  params: ParamSet;
  bestObjective: number | null;
  finalObjective: number | null;
  epochsDone: number;
}

/** Runs of one configuration (re-runs with other seeds), finished ones only. */
export interface RunGroup {
  /** The configuration as canonical JSON (keys sorted): equal params ⇔ equal key. */
  key: string;
  params: ParamSet;
  /** Best member first. */
  runIds: number[];
  n: number;
  /** Mean and sample standard deviation (null for one run) of the members' best objective. */
  mean: number;
  std: number | null;
  /** Mean of the members' final objectives (null when none has one): the first tie-break. */
  meanFinal: number | null;
  meanEpochs: number;
  bestRunId: number;
}

/** Runs whose objective counts: a failed or cancelled run's numbers may come from a broken model. */
export const RANKED_STATUSES: readonly RunStatus[] = ['completed', 'pruned'];

export function configKey(params: ParamSet): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Compares two values by direction, nulls last; negative when `a` is better. */
function byDirection(a: number | null, b: number | null, direction: ObjectiveDirection): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return direction === 'minimize' ? a - b : b - a;
}

/**
 * Order of runs within a group and of single runs: best objective, then the better final value (a run
 * that ended where it peaked beats one that fell back), then fewer epochs, then the earlier trial.
 */
export function compareRuns(a: GroupableRun, b: GroupableRun, direction: ObjectiveDirection): number {
  return (
    byDirection(a.bestObjective, b.bestObjective, direction) ||
    byDirection(a.finalObjective, b.finalObjective, direction) ||
    a.epochsDone - b.epochsDone ||
    a.trialNumber - b.trialNumber
  );
}

/**
 * Finished runs grouped by configuration and ranked best first. Groups compare by the mean of their
 * members' objective, so a configuration with repeats is judged by what it does on average and a lucky
 * seed does not win; ties go to the better mean final value, then fewer epochs. A configuration run
 * once is a group of one (its mean is its value).
 */
export function groupRuns(runs: readonly GroupableRun[], direction: ObjectiveDirection): RunGroup[] {
  const byKey = new Map<string, GroupableRun[]>();
  for (const run of runs) {
    if (!RANKED_STATUSES.includes(run.status) || run.bestObjective === null || !Number.isFinite(run.bestObjective)) continue;
    const key = configKey(run.params);
    const members = byKey.get(key);
    if (members) members.push(run);
    else byKey.set(key, [run]);
  }
  const groups: (RunGroup & { firstTrial: number })[] = [];
  for (const [key, members] of byKey) {
    members.sort((a, b) => compareRuns(a, b, direction));
    const objectives = members.map((r) => r.bestObjective!);
    const finals = members.flatMap((r) => (r.finalObjective !== null && Number.isFinite(r.finalObjective) ? [r.finalObjective] : []));
    groups.push({
      key,
      params: members[0]!.params,
      runIds: members.map((r) => r.id),
      n: members.length,
      mean: mean(objectives),
      std: sampleStd(objectives),
      meanFinal: finals.length > 0 ? mean(finals) : null,
      meanEpochs: mean(members.map((r) => r.epochsDone)),
      bestRunId: members[0]!.id,
      firstTrial: Math.min(...members.map((r) => r.trialNumber)),
    });
  }
  groups.sort(
    (a, b) => byDirection(a.mean, b.mean, direction) || byDirection(a.meanFinal, b.meanFinal, direction) || a.meanEpochs - b.meanEpochs || a.firstTrial - b.firstTrial,
  );
  return groups.map(({ firstTrial: _, ...g }) => g);
}

/** Finished runs best first: the groups in rank order, each group's members best first. */
export function rankRuns<R extends GroupableRun>(runs: readonly R[], direction: ObjectiveDirection): R[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  return groupRuns(runs, direction).flatMap((g) => g.runIds.map((id) => byId.get(id)!));
}

/** The study's best run: the best member of the best configuration (by mean when it has repeats). */
export function bestOfRuns<R extends GroupableRun>(runs: readonly R[], direction: ObjectiveDirection): R | null {
  return rankRuns(runs, direction)[0] ?? null;
}

/** True when some configuration was trained more than once (the groups then say more than the runs). */
export const hasRepeats = (groups: readonly RunGroup[]): boolean => groups.some((g) => g.n > 1);
