/**
 * Search quality: runs a sampler on an objective module for N evaluations, over S seeds, and prints
 * the median (over seeds) of the best value found and the mean time per suggestion, beside Optuna's
 * figures for the same objective when Debian's python3-optuna is installed.
 *   node scripts/run-ts.mjs bench/search-quality.ts --objective bench/objectives/branin.mjs --algorithm tpe --evals 50 --seeds 20
 *   [--sampler '{"multivariate":true}']   tpe options, as a spec's `sampler:` takes them
 *   [--no-optuna]                          skip the Optuna side
 * An objective module's default export: { name, direction: 'minimize'|'maximize', optimum?, space,
 * evaluate(params) → number }, `space` written as a study spec's (shorthands included).
 * The last line is one JSON object: {objective, algorithm, evals, seeds, medianBest, msPerSuggestion}.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { samplerOptionsSchema } from '../src/shared/domain/search-options';
import type { SearchSpace } from '../src/shared/domain/space';
import { createGridSearch } from '../src/main/core/search/grid';
import { parseFreeSpace } from '../src/main/core/search/parse-space';
import { createRandomSearch } from '../src/main/core/search/random';
import { createTpeSearch } from '../src/main/core/search/tpe/sampler';
import type { SearchAlgorithm, TrialRecord } from '../src/main/core/search/types';
import { optunaSearch, type SideFigures } from './lib/optuna-side';
import type { ObjectiveModule } from './objectives/objective';

type Objective = ObjectiveModule & { space: SearchSpace };

async function loadObjective(file: string): Promise<Objective> {
  const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: Partial<ObjectiveModule> };
  const o = mod.default;
  if (!o || typeof o.evaluate !== 'function' || typeof o.name !== 'string' || (o.direction !== 'minimize' && o.direction !== 'maximize')) {
    throw new Error(`${file}: the default export must be { name, direction: 'minimize'|'maximize', optimum?, space, evaluate(params) }`);
  }
  return { ...(o as ObjectiveModule), space: parseFreeSpace(o.space, file) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function searchFor(algorithm: string, objective: Objective, seed: number, options: Record<string, unknown>): SearchAlgorithm {
  switch (algorithm) {
    case 'tpe':
      return createTpeSearch({ space: objective.space, seed, direction: objective.direction, options });
    case 'random':
      return createRandomSearch(objective.space, seed);
    case 'grid':
      return createGridSearch(objective.space);
    default:
      throw new Error(`--algorithm: ${algorithm} is not one of tpe, random, grid`);
  }
}

/** Our side: every seed from an empty history, sequential trials (one evaluation per suggestion). */
function ours(objective: Objective, algorithm: string, evals: number, seeds: number, options: Record<string, unknown>): SideFigures {
  const sign = objective.direction === 'minimize' ? 1 : -1;
  const bests: number[] = [];
  const times: number[] = [];
  const late: number[] = [];
  let cpuMicros = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const search = searchFor(algorithm, objective, seed, options);
    const history: TrialRecord[] = [];
    let best = Infinity;
    for (let k = 0; k < evals; k++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const params = search.suggest(history);
      const ms = performance.now() - start;
      cpuMicros += process.cpuUsage(cpu).user;
      times.push(ms);
      if (k >= evals * 0.9) late.push(ms);
      if (!params) break;
      const value = objective.evaluate(params);
      best = Math.min(best, sign * value);
      history.push({ number: k + 1, params, status: 'completed', objective: value });
    }
    bests.push(sign * best);
  }
  return { medianBest: median(bests), msPerSuggestion: mean(times), lateMsPerSuggestion: mean(late), cpuMsPerSuggestion: cpuMicros / 1000 / times.length };
}

const fmt = (v: number, digits: number): string => v.toFixed(digits).padStart(14);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      objective: { type: 'string' },
      algorithm: { type: 'string', default: 'tpe' },
      evals: { type: 'string', default: '50' },
      seeds: { type: 'string', default: '20' },
      sampler: { type: 'string' },
      'no-optuna': { type: 'boolean', default: false },
    },
  });
  if (!values.objective) throw new Error('--objective FILE.mjs is required');
  const objective = await loadObjective(values.objective);
  const evals = Number(values.evals);
  const seeds = Number(values.seeds);
  const options = samplerOptionsSchema.parse(values.sampler ? JSON.parse(values.sampler) : {});
  const algorithm = values.algorithm!;

  console.log(`search-quality: ${objective.name} (${objective.direction}${objective.optimum !== undefined ? `, optimum ${objective.optimum}` : ''}), ${algorithm}${values.sampler ? ` ${values.sampler}` : ''}, ${evals} evaluations × ${seeds} seeds`);
  const mine = ours(objective, algorithm, evals, seeds, options);
  const theirs = values['no-optuna'] ? null : await optunaSearch(objective, algorithm, evals, seeds, options.multivariate ?? false);
  // Wall time is what the target is about; CPU time (user) says how much of it a loaded machine stole.
  console.log(`${''.padEnd(16)}${'median best'.padStart(14)}${'ms/suggestion'.padStart(14)}${'last 10% ms'.padStart(14)}${'cpu ms/sugg.'.padStart(14)}`);
  const row = (label: string, f: SideFigures) => console.log(`${label.padEnd(16)}${fmt(f.medianBest, 4)}${fmt(f.msPerSuggestion, 3)}${fmt(f.lateMsPerSuggestion, 3)}${fmt(f.cpuMsPerSuggestion, 3)}`);
  row('hparam-studio', mine);
  if (theirs && 'skipped' in theirs) console.log(`optuna: skipped (${theirs.skipped})`);
  else if (theirs) row(`optuna ${theirs.version}`, theirs);
  console.log(JSON.stringify({ objective: objective.name, algorithm, evals, seeds, medianBest: mine.medianBest, msPerSuggestion: mine.msPerSuggestion }));
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
