import type { Command } from 'commander';
import type { ParamValue } from '../../shared/domain/space';
import { AppError } from '../../shared/result';
import type { CliApi } from './api/cli-api';
import { openWriter, type GlobalOptions } from './api/connect';
import { parseRunRef } from './commands-inspect';
import { studyKey } from './commands-run';
import { waitForStudyEnd } from './study-wait';

/** One call to the owner (this process, or the one that owns the data directory), then close. */
async function withOwner<T>(cmd: Command, command: string, fn: (api: CliApi) => Promise<T>): Promise<T> {
  const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), command);
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** `name=value`: numbers and booleans as such, anything else as text. */
function parseParam(v: string, all: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new AppError('invalid_input', `--set: expected name=value, got '${v}'`);
  const name = v.slice(0, eq);
  const raw = v.slice(eq + 1);
  const value: ParamValue = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...all, [name]: value };
}

/** Pause, cancel, stop early and clone: stored by the owner first, then carried out (issue 8's intents). */
export function registerControlCommands(program: Command): void {
  program
    .command('pause')
    .description('pause a running study: its trials finish their epoch, save a checkpoint and stop (resume continues them)')
    .argument('<study>', 'study id or name')
    .action(async (ref: string, _flags: unknown, cmd: Command) => {
      const study = await withOwner(cmd, `hparam-studio pause ${ref}`, (api) => api.call('studies.pause', { id: studyKey(ref) }));
      const still = study.runCounts.running;
      process.stdout.write(`Study ${study.name} (id ${study.id}) paused${still > 0 ? `; ${still} trial(s) finish their epoch first` : ''}. Resume with: hparam-studio resume ${study.id}\n`);
    });

  program
    .command('cancel')
    .description('cancel a run: a running trial is stopped now, a waiting one never starts')
    .argument('<run>', 'run id (or run:<id>)')
    .action(async (ref: string, _flags: unknown, cmd: Command) => {
      const run = await withOwner(cmd, `hparam-studio cancel ${ref}`, (api) => api.call('runs.cancel', { runId: parseRunRef(ref) }));
      process.stdout.write(`Run ${run.id} (trial ${run.trialNumber}) ${run.status === 'cancelled' ? 'cancelled' : 'is being cancelled'}.\n`);
    });

  program
    .command('stop')
    .description('stop a running trial at the end of its epoch and keep it as pruned (its model can still be exported)')
    .argument('<run>', 'run id (or run:<id>)')
    .action(async (ref: string, _flags: unknown, cmd: Command) => {
      const run = await withOwner(cmd, `hparam-studio stop ${ref}`, (api) => api.call('runs.stopEarly', { runId: parseRunRef(ref) }));
      process.stdout.write(`Run ${run.id} (trial ${run.trialNumber}) stops at the end of its epoch ${run.epochsDone + 1}.\n`);
    });

  program
    .command('clone')
    .description('queue a new run with a run\'s hyperparameters (changed with --set), in the same study')
    .argument('<run>', 'run id (or run:<id>)')
    .option('--set <name=value>', 'change a hyperparameter (repeatable)', parseParam, {})
    .option('--seed <n|new>', "the run's seed (default: the same; 'new' draws one)")
    .action(async (ref: string, flags: { set: Record<string, ParamValue>; seed?: string }, cmd: Command) => {
      let seed: number | 'new' | undefined;
      if (flags.seed !== undefined) {
        seed = flags.seed === 'new' ? 'new' : Number(flags.seed);
        if (seed !== 'new' && !Number.isInteger(seed)) throw new AppError('invalid_input', `--seed: expected a whole number or 'new', got '${flags.seed}'`);
      }
      await withOwner(cmd, `hparam-studio clone ${ref}`, async (api) => {
        const run = await api.call('runs.clone', { runId: parseRunRef(ref), params: flags.set, ...(seed === undefined ? {} : { seed }) });
        process.stdout.write(`Queued run ${run.id} (trial ${run.trialNumber}) in study ${run.studyId}; it starts as soon as a slot is free.\n`);
        if (api.mode !== 'owner') return;
        // Nobody else runs this data directory: this process trains the clone before it leaves.
        process.stdout.write('This command owns the data directory, so it trains the run now.\n');
        const study = await waitForStudyEnd(api, run.studyId);
        const done = await api.call('runs.get', { runId: run.id });
        process.stdout.write(`Run ${done.id} ${done.status}${done.bestObjective === null ? '' : `, best ${study.objectiveMetric} ${done.bestObjective}`}.\n`);
      });
    });
}
