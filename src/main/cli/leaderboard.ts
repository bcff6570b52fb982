import type { RunDto, StudyDetailDto } from '../../shared/contract';
import type { CliApi } from './api/cli-api';
import { formatNumber, formatParam, renderTable } from './format';

/** Varying hyperparameters only: a fixed one tells nothing when comparing runs. */
export function varyingParams(runs: readonly Pick<RunDto, 'params'>[]): string[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.params)));
  return [...names].filter((n) => new Set(runs.map((r) => String(r.params[n]))).size > 1).sort();
}

export async function renderLeaderboard(api: CliApi, study: StudyDetailDto, limit = 10): Promise<string> {
  const runs = await api.call('studies.leaderboard', { id: study.id, limit });
  if (runs.length === 0) return `No finished runs with a ${study.objectiveMetric} yet.`;
  const params = varyingParams(runs);
  const headers = ['rank', 'run', 'trial', 'status', `${study.objectiveMetric} (${study.objectiveDirection === 'minimize' ? 'min' : 'max'})`, 'best epoch', 'epochs', ...params];
  const rows = runs.map((r, i) => [
    i + 1,
    r.id,
    r.trialNumber,
    r.status,
    formatNumber(r.bestObjective),
    r.bestEpoch,
    r.epochsDone,
    ...params.map((p) => (p in r.params ? formatParam(r.params[p]) : null)),
  ]);
  return renderTable(headers, rows);
}
