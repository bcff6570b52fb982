import type { Command } from 'commander';
import { AppError } from '../../shared/result';
import { inSpecFile, loadStudySpecFile } from '../core/search/load-spec';
import type { Services } from '../core/services';
import type { StudyRow } from '../core/store/types';
import { renderLeaderboard } from './leaderboard';
import { ProgressView } from './progress-view';
import { findStudy, withServices, type GlobalOptions } from './context';

/** Runs a study to completion (or pause) with a live view, then prints the leaderboard. */
async function driveStudy(services: Services, study: StudyRow): Promise<void> {
  const view = new ProgressView(services, study);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stdout.write(`\nPausing study ${study.name}: running trials finish their epoch and save a checkpoint (Ctrl-C again to quit now).\n`);
      void services.scheduler.pauseStudy(study.id);
    } else {
      process.stdout.write('\nQuitting now; interrupted trials resume from their last checkpoint.\n');
      void services.close().finally(() => process.exit(130));
    }
  };
  process.on('SIGINT', onSigint);
  try {
    await services.scheduler.startStudy(study.id);
  } finally {
    process.off('SIGINT', onSigint);
    view.stop();
  }
  const done = services.store.getStudy(study.id) ?? study;
  process.stdout.write(`${view.overall().trim()}\n\nStudy ${done.name} (id ${done.id}) ${done.status}.\n\n`);
  process.stdout.write(`${renderLeaderboard(services.store, done)}\n`);
  if (done.status === 'paused') process.stdout.write(`\nResume with: hparam-studio resume ${done.id}\n`);
  else if (done.status === 'failed') {
    const first = services.store.listRuns(done.id)[0];
    process.stdout.write(`\nEvery trial failed${first?.error ? `; the first: ${first.error}` : ''}. Details: hparam-studio show run:${first?.id ?? '?'}\n`);
    process.exitCode = 1;
  } else process.stdout.write(`\nExport the best model with: hparam-studio export best ./best-model --study ${done.id}\n`);
}

export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('run a study from a YAML/JSON spec, headless, with live progress and a leaderboard')
    .argument('<spec>', 'study spec file (YAML or JSON)')
    .option('--concurrency <n>', 'trials at once (overrides the spec)', (v) => parseIntOption('--concurrency', v))
    .option('--max-trials <n>', 'trial budget (overrides the spec)', (v) => parseIntOption('--max-trials', v))
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu (overrides the spec)')
    .action(async (specPath: string, opts: { concurrency?: number; maxTrials?: number; backend?: string }, cmd: Command) => {
      const spec = loadStudySpecFile(specPath);
      if (opts.concurrency) spec.concurrency = opts.concurrency;
      if (opts.maxTrials) spec.budget = { ...spec.budget, maxTrials: opts.maxTrials };
      if (opts.backend) {
        const allowed = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
        if (!(allowed as readonly string[]).includes(opts.backend)) {
          throw new AppError('invalid_input', `--backend: '${opts.backend}' is not one of ${allowed.join(', ')}`);
        }
        spec.backend = opts.backend as (typeof allowed)[number];
      }
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), async (services) => {
        const study = inSpecFile(specPath, () => services.createStudy(spec));
        process.stdout.write(`Study ${study.name} (id ${study.id}): ${spec.algorithm} search, ${spec.budget.maxTrials ?? '∞'} trials, objective ${study.objectiveMetric} (${study.objectiveDirection}), dataset ${spec.dataset}\n`);
        await driveStudy(services, study);
      });
    });

  program
    .command('resume')
    .description('resume a paused or interrupted study; interrupted trials continue from their last checkpoint')
    .argument('<study>', 'study id or name')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), async (services) => {
        const study = findStudy(services, ref);
        process.stdout.write(`Resuming study ${study.name} (id ${study.id}).\n`);
        await driveStudy(services, study);
      });
    });
}

function parseIntOption(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError('invalid_input', `${name}: expected a whole number ≥ 1, got '${v}'`);
  return n;
}
