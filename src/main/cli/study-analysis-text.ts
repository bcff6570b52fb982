import type { RunDto, StudyDetailDto } from '../../shared/contract';
import { budgetUsage, formatBudget } from '../../shared/analysis/budget';
import { analysisTrials } from '../../shared/analysis/from-runs';
import { importanceReport } from '../../shared/analysis/importance-report';
import { describeAlgorithm, describePruner } from '../../shared/domain/search-summary';

/** Bars drawn with block characters: a terminal has no chart, but the ranking must read at a glance. */
const BAR_WIDTH = 30;

/** `show`'s lines on how the study searches and what it has spent: "Search: TPE … · ASHA …", "Budget: …". */
export function searchLines(study: StudyDetailDto, runs: readonly RunDto[], now = Date.now()): string[] {
  const pruner = describePruner(study.spec);
  const lines = [`Search: ${describeAlgorithm(study.spec)}${pruner ? ` · ${pruner}` : ''}`];
  const usage = budgetUsage(study.spec.budget, runs, now);
  lines.push(`Budget: ${formatBudget(usage)}`);
  return lines;
}

/**
 * Hyperparameter importance (PED-ANOVA over completed runs: a pruned run's objective comes from fewer epochs; as on the study page), or why
 * there is none yet.
 */
export function importanceLines(study: StudyDetailDto, runs: readonly RunDto[]): string[] {
  const finished = runs.filter((r) => r.status === 'completed' || r.status === 'pruned');
  const report = importanceReport(study.spec.space, analysisTrials(finished), { direction: study.objectiveDirection, template: study.template });
  if (report.status === 'nothing') return [];
  if (report.status === 'waiting') return [`Importance: after ${report.needed} more completed run(s) (${report.trials} so far)`];
  const width = Math.max(...report.items.map((i) => i.name.length));
  return [
    `Importance (PED-ANOVA over ${report.trials} completed runs):`,
    ...report.items.map((i) => `  ${i.name.padEnd(width)}  ${'█'.repeat(Math.round(i.importance * BAR_WIDTH)).padEnd(BAR_WIDTH)}  ${(i.importance * 100).toFixed(1)}%`),
  ];
}
