import type { RunDto } from '../contract';
import type { AnalysisTrial } from './trials';

const ms = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** Runs as the analysis functions read them: the study objective is the run's best epoch. */
export const analysisTrial = (run: RunDto): AnalysisTrial => ({
  number: run.trialNumber,
  params: run.params,
  status: run.status,
  objective: run.bestObjective,
  startedAt: ms(run.startedAt),
  finishedAt: ms(run.endedAt),
});

export const analysisTrials = (runs: readonly RunDto[]): AnalysisTrial[] => runs.map(analysisTrial);
