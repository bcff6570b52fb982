import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { EnsembleDto } from '../../shared/contract-analysis';
import type { StudyDetailDto } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { CliApi } from './api/cli-api';
import { openReader, openWriter, type GlobalOptions } from './api/connect';
import { studyKey } from './commands-run';
import { formatNumber, renderTable } from './format';

/** How the CLI signs a look at the test split: the command and the user running it. */
export const cliLooker = (command: string): string => `CLI (${command}) as ${os.userInfo().username}`;

async function using<T>(api: CliApi, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await api.close();
  }
}

function parseRunList(v: string): number[] {
  const ids = v.split(',').map((s) => s.trim().replace(/^run[:#]?/, '')).filter(Boolean).map(Number);
  if (ids.length < 2 || ids.some((n) => !Number.isInteger(n) || n < 1)) throw new AppError('invalid_input', `--runs: expected two or more run ids like 3,7,9; got '${v}'`);
  return ids;
}

function parsePositive(flag: string, v: string, min = 1): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > 1000) throw new AppError('invalid_input', `${flag}: expected a whole number ${min}..1000, got '${v}'`);
  return n;
}

/** The member whose own validation objective (computed with the ensemble's) is best. */
export function bestMember(e: EnsembleDto, study: Pick<StudyDetailDto, 'objectiveMetric' | 'objectiveDirection'>): EnsembleDto['members'][number] {
  const value = (m: EnsembleDto['members'][number]) => m.valMetrics[study.objectiveMetric] ?? NaN;
  const scored = e.members.filter((m) => Number.isFinite(value(m)));
  const better = (a: number, b: number) => (study.objectiveDirection === 'minimize' ? a < b : a > b);
  return scored.reduce((best, m) => (better(value(m), value(best)) ? m : best), scored[0] ?? e.members[0]!);
}

/** The ensemble next to its best member, metric by metric, and the members with their weights. */
export function renderEnsemble(e: EnsembleDto, study: StudyDetailDto): string {
  const best = bestMember(e, study);
  const names = Object.keys(e.valMetrics);
  const out = [
    `Ensemble ${e.id} "${e.name}" of study ${study.name} (${e.method}, ${e.members.length} member(s), ${e.members.reduce((n, m) => n + m.weight, 0)} vote(s)); objective ${study.objectiveMetric} (${study.objectiveDirection})`,
    '',
    renderTable(['validation', 'ensemble', `best member (trial ${best.trialNumber})`], names.map((n) => [n, formatNumber(e.valMetrics[n]), formatNumber(best.valMetrics[n])])),
    '',
    renderTable(['member run', 'trial', 'weight', study.objectiveMetric], e.members.map((m) => [m.runId, m.trialNumber, m.weight, formatNumber(m.valMetrics[study.objectiveMetric])])),
  ];
  if (e.trace) out.push('', `greedy steps (${study.objectiveMetric}): ${e.trace.map((v) => formatNumber(v)).join(' → ')}`);
  out.push('', 'Validation scores are the data loss without weight penalties, computed for the ensemble and each member alike.');
  return out.join('\n');
}

interface EnsembleFlags {
  top?: number;
  runs?: number[];
  greedy?: boolean;
  iterations?: number;
  name?: string;
  export?: string;
}

export function registerEnsembleCommands(program: Command): void {
  program
    .command('ensemble')
    .description("combine a study's runs into an ensemble (averaged probabilities, or values for regression), scored on the validation split next to its best member")
    .argument('<study>', 'study id or name')
    .option('--top <k>', 'the best k finished runs (default 3; with --greedy the library to pick from, default 10)', (v) => parsePositive('--top', v, 2))
    .option('--runs <ids>', 'these runs instead, e.g. 3,7,9', parseRunList)
    .option('--greedy', 'greedy selection with replacement (Caruana et al. 2004) instead of a plain average')
    .option('--iterations <n>', 'greedy steps (default: three times the library, at least 25)', (v) => parsePositive('--iterations', v))
    .option('--name <name>', 'a name for the ensemble')
    .option('--export <dir>', 'also write it as one TensorFlow.js bundle into this new or empty folder')
    .action(async (ref: string, flags: EnsembleFlags, cmd: Command) => {
      if (flags.top !== undefined && flags.runs) throw new AppError('invalid_input', '--top and --runs: give one of them');
      const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), `hparam-studio ensemble ${ref}`);
      await using(api, async () => {
        const study = await api.call('studies.get', { id: studyKey(ref) });
        const e = await api.call('ensembles.create', { studyId: study.id, top: flags.top, runIds: flags.runs, greedy: flags.greedy, iterations: flags.iterations, name: flags.name });
        process.stdout.write(`${renderEnsemble(e, study)}\n`);
        if (flags.export) {
          const written = await api.call('ensembles.export', { ensembleId: e.id, dir: path.resolve(flags.export) });
          process.stdout.write(`\nExported ensemble ${e.id} to ${written.dir}: ${written.files.join(', ')}\n`);
        }
        process.stdout.write(`\nOn the test split (once): hparam-studio evaluate ensemble:${e.id}\n`);
      });
    });

  program
    .command('import-model')
    .description('register a TensorFlow.js Layers model (folder with model.json + weights, or model.json) as a base model for transfer learning')
    .argument('[path]', 'model folder or model.json (or use --run)')
    .option('--run <id>', 'an earlier run instead (its bundle, with its preprocessing)')
    .option('--name <name>', 'name studies use in baseModel (default: the folder name, or <study>-trial-<n>)')
    .action(async (source: string | undefined, flags: { run?: string; name?: string }, cmd: Command) => {
      if ((source === undefined) === (flags.run === undefined)) throw new AppError('invalid_input', 'import-model: give a model folder or --run <id>, one of them');
      const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), 'hparam-studio import-model');
      await using(api, async () => {
        const input = flags.run !== undefined ? { runId: parsePositive('--run', flags.run.replace(/^run[:#]?/, '')), name: flags.name } : { path: path.resolve(source!), name: flags.name };
        const b = await api.call('baseModels.import', input);
        process.stdout.write(`Base model ${b.name} (id ${b.id}) from ${b.source}: input [${b.inputShape.join(', ')}], ${b.layers.length} layers, ${b.hasNormalization ? 'its preprocessing recorded' : 'no preprocessing recorded (studies use their dataset’s)'}\n`);
        process.stdout.write(`${renderTable(['#', 'layer', 'kind', 'params'], b.layers.map((l, i) => [i + 1, l.name, l.className, l.params]))}\n`);
        process.stdout.write(`\nUse it in a spec: template: transfer, baseModel: ${b.name}\n`);
      });
    });

  program
    .command('base-models')
    .description('list the base models transfer-learning studies can start from')
    .action(async (_flags: unknown, cmd: Command) => {
      const api = openReader(cmd.optsWithGlobals<GlobalOptions>());
      await using(api, async () => {
        const models = await api.call('baseModels.list');
        if (models.length === 0) process.stdout.write("No base models yet. Import one: hparam-studio import-model <folder> | --run <id>\n");
        else process.stdout.write(`${renderTable(['id', 'name', 'input', 'layers', 'source', 'created'], models.map((b) => [b.id, b.name, `[${b.inputShape.join(', ')}]`, b.layers.length, b.source, b.createdAt]))}\n`);
      });
    });
}
