import { FIT_KINDS, FIT_LABELS } from '../../shared/analysis/fit-diagnosis';
import { hasRepeats } from '../../shared/analysis/seed-groups';
import type { StudyDetailDto } from '../../shared/contract';
import type { CliApi } from './api/cli-api';
import { bestMember } from './commands-ensemble';
import { formatNumber, formatParam, renderTable } from './format';
import { varyingParams } from './leaderboard';

const metricLine = (metrics: Record<string, number>) =>
  Object.entries(metrics)
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join(', ');

/**
 * What `show <study>` adds below the leaderboard: seed groups (when configurations have repeats), the
 * fit diagnoses counted with advice, the ensembles next to their best member, and every test-split look.
 */
export async function renderStudyMethod(api: CliApi, study: StudyDetailDto): Promise<string[]> {
  const out: string[] = [];
  const groups = await api.call('studies.groups', { id: study.id });
  if (hasRepeats(groups)) {
    const params = varyingParams(groups);
    out.push(
      '',
      `Configurations with their seeds (ranked by mean ${study.objectiveMetric}; a lucky seed does not win):`,
      renderTable(
        ['rank', 'seeds', 'mean', '± std', 'best run', ...params],
        groups.slice(0, 10).map((g, i) => [i + 1, g.n, formatNumber(g.mean), formatNumber(g.std), g.bestRunId, ...params.map((p) => (p in g.params ? formatParam(g.params[p]) : null))]),
      ),
    );
  }
  const fits = await api.call('studies.fits', { id: study.id });
  if (fits.runs.length > 0) {
    const counts = FIT_KINDS.filter((k) => fits.counts[k] > 0).map((k) => `${fits.counts[k]} ${k === 'unknown' ? 'not judged' : FIT_LABELS[k]}`);
    out.push('', `Fit: ${counts.join(', ')}`, ...fits.advice.map((a) => `  → ${a}`));
  }
  const ensembles = await api.call('ensembles.list', { studyId: study.id });
  if (ensembles.length > 0) {
    out.push(
      '',
      'Ensembles (validation):',
      renderTable(
        ['ensemble', 'name', 'members', study.objectiveMetric, 'best member', 'test looks'],
        ensembles.map((e) => {
          const best = bestMember(e, study);
          return [e.id, e.name, e.members.map((m) => `#${m.trialNumber}${m.weight > 1 ? `×${m.weight}` : ''}`).join(' '), formatNumber(e.valMetrics[study.objectiveMetric]), `#${best.trialNumber} ${formatNumber(best.valMetrics[study.objectiveMetric]) ?? '—'}`, e.evaluations.length];
        }),
      ),
    );
  }
  const looks = await api.call('studies.testLooks', { id: study.id });
  if (looks.length > 0) {
    out.push('', 'Looks at the test split:', ...looks.map((l) => `  ${l.createdAt}  ${l.label} (${l.kind === 'run' ? `run ${l.runId}` : `ensemble ${l.ensembleId}`}) by ${l.requestedBy ?? 'unknown'}: ${metricLine(l.metrics)}`));
  }
  return out;
}
