import type { Command } from 'commander';
import type { StudyDetailDto } from '../../shared/contract';
import { BACKENDS, type BackendPreference } from '../../shared/domain/run';
import type { StudySpec } from '../../shared/domain/study-spec';
import { AppError } from '../../shared/result';
import { checkRedis } from '../core/remote/redis-connect';
import { REDIS_URL_ENV } from '../core/remote/remote-executors';
import { TOKEN_ENV } from '../core/remote/worker-token';
import { parseRedisUrl, type RedisTarget } from '../core/remote/redis-url';
import { inSpecFile, loadStudySpecFile } from '../core/search/load-spec';
import type { CliApi } from './api/cli-api';
import { openWriter, type GlobalOptions } from './api/connect';
import { devicesLine } from './commands-devices';
import { renderLeaderboard } from './leaderboard';
import { ProgressView } from './progress-view';
import { studyAtRest, waitForOtherStudies, waitForStudyEnd } from './study-wait';

/**
 * Runs a study to its end (or pause) with a live view, then prints the leaderboard. When the owner it
 * talks to goes away mid-study, this command takes over the data directory and resumes the study.
 */
async function driveStudy(opts: GlobalOptions, command: string, api: CliApi, first: StudyDetailDto): Promise<void> {
  let study = first;
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stdout.write(`\nPausing study ${study.name}: running trials finish their epoch and save a checkpoint (Ctrl-C again to quit now).\n`);
      api.call('studies.pause', { id: study.id }).catch((err: unknown) => process.stderr.write(`error: ${(err as Error).message}\n`));
    } else {
      process.stdout.write('\nQuitting now; interrupted trials resume from their last checkpoint.\n');
      void api.close().finally(() => process.exit(130));
    }
  };
  process.on('SIGINT', onSigint);
  const startedAt = Date.now();
  let view = new ProgressView(api, study, startedAt);
  try {
    await view.start();
    for (;;) {
      const end = await Promise.race([waitForStudyEnd(api, study.id), api.lost.then((why) => ({ lost: why }))]);
      if (!('lost' in end)) {
        study = end;
        break;
      }
      // The owner is gone (it ended, or was killed): reconnect to whoever owns the data directory now,
      // becoming the owner if nobody does, and carry on from the checkpoints if the study is not at rest.
      view.stop();
      api = await openWriter(opts, command);
      study = await api.call('studies.get', { id: study.id });
      if (!studyAtRest(study) && study.status !== 'running') {
        process.stdout.write(`\n${end.lost}; this command carries on with study ${study.name} from its last checkpoints.\n`);
        study = await api.call('studies.resume', { id: study.id });
      }
      view = new ProgressView(api, study, startedAt);
      await view.start();
    }
  } finally {
    process.off('SIGINT', onSigint);
    view.stop();
  }
  try {
    process.stdout.write(`${view.overall().trim()}\n\nStudy ${study.name} (id ${study.id}) ${study.status}${study.statusReason ? `: ${study.statusReason}` : ''}.\n\n`);
    process.stdout.write(`${await renderLeaderboard(api, study)}\n`);
    if (study.statusReason) {
      process.stdout.write(`\nOnce the cause is fixed, continue with: hparam-studio resume ${study.id}\n`);
      process.exitCode = 2;
    } else if (study.status === 'paused' || study.status === 'interrupted') {
      process.stdout.write(`\nResume with: hparam-studio resume ${study.id}\n`);
    } else if (study.status === 'failed') {
      const first = (await api.call('runs.list', { studyId: study.id }))[0];
      process.stdout.write(`\nEvery trial failed${first?.error ? `; the first: ${first.error}` : ''}. Details: hparam-studio show run:${first?.id ?? '?'}\n`);
      process.exitCode = 1;
    } else process.stdout.write(`\nExport the best model with: hparam-studio export best ./best-model --study ${study.id}\n`);
    if (api.mode === 'owner') {
      await waitForOtherStudies(api, (other) => process.stdout.write(`\nStill running study ${other.name} (id ${other.id}), started by another command; this process owns the data directory until it ends.\n`));
    }
  } finally {
    await api.close();
  }
}

export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('run a study from a YAML/JSON spec, headless, with live progress and a leaderboard')
    .argument('<spec>', 'study spec file (YAML or JSON)')
    .option('--concurrency <n>', 'trials at once (overrides the spec)', (v) => parseIntOption('--concurrency', v))
    .option('--max-trials <n>', 'trial budget (overrides the spec)', (v) => parseIntOption('--max-trials', v))
    .option('--backend <name>', `${['auto', ...BACKENDS].join(' | ')} (overrides the spec)`)
    .option('--redis <url>', 'train on remote workers (hparam-studio worker) that pull from this Redis: redis://[USER:PASSWORD@]HOST:PORT')
    .action(async (specPath: string, flags: { concurrency?: number; maxTrials?: number; backend?: string; redis?: string }, cmd: Command) => {
      const spec: StudySpec = loadStudySpecFile(specPath);
      if (flags.concurrency) spec.concurrency = flags.concurrency;
      if (flags.maxTrials) spec.budget = { ...spec.budget, maxTrials: flags.maxTrials };
      if (flags.backend) {
        const allowed: readonly string[] = ['auto', ...BACKENDS];
        if (!allowed.includes(flags.backend)) throw new AppError('invalid_input', `--backend: '${flags.backend}' is not one of ${allowed.join(', ')}`);
        spec.backend = flags.backend as BackendPreference;
      }
      const redis = flags.redis ? await checkedRedis(flags.redis) : null;
      if (redis) spec.executor = { type: 'bullmq', redis: redis.display };
      const opts = { ...cmd.optsWithGlobals<GlobalOptions>(), redisUrl: flags.redis };
      const command = `hparam-studio run ${specPath}`;
      const api = await openWriter(opts, command);
      if (redis?.hasCredentials && api.mode === 'client') {
        process.stdout.write(`Note: the process that owns the data directory connects to ${redis.display} with its own credentials (its --redis, ${REDIS_URL_ENV} or Settings → Workers).\n`);
      }
      let study: StudyDetailDto;
      try {
        study = await api.call('studies.create', { spec, start: true });
      } catch (err) {
        await api.close();
        // A spec that parses can still name a dataset the owner does not have: say which file it was.
        inSpecFile(specPath, () => {
          throw err;
        });
        throw err;
      }
      const where = api.mode === 'client' ? ' (run by the process that owns the data directory)' : '';
      process.stdout.write(`Study ${study.name} (id ${study.id}): ${spec.algorithm} search, ${spec.budget.maxTrials ?? '∞'} trials, objective ${study.objectiveMetric} (${study.objectiveDirection}), dataset ${spec.dataset}${where}\n`);
      process.stdout.write(`${devicesLine(await api.call('devices.list'))}\n`);
      if (redis) await reportWorkers(api, redis);
      await driveStudy(opts, command, api, study);
    });

  program
    .command('resume')
    .description('resume a paused or interrupted study; its trials continue from their last checkpoint')
    .argument('<study>', 'study id or name')
    .option('--redis <url>', "Redis with credentials for a study that trains on remote workers (when this process becomes the owner)")
    .action(async (ref: string, flags: { redis?: string }, cmd: Command) => {
      if (flags.redis) await checkedRedis(flags.redis);
      const opts = { ...cmd.optsWithGlobals<GlobalOptions>(), redisUrl: flags.redis };
      const command = `hparam-studio resume ${ref}`;
      const api = await openWriter(opts, command);
      let study: StudyDetailDto;
      try {
        study = await api.call('studies.resume', { id: studyKey(ref) });
      } catch (err) {
        await api.close();
        throw err;
      }
      process.stdout.write(`Resuming study ${study.name} (id ${study.id}).\n`);
      await driveStudy(opts, command, api, study);
    });
}

/** Remote trials wait in the queue until a worker takes them: say whether any is there to. */
async function reportWorkers(api: CliApi, redis: RedisTarget): Promise<void> {
  const online = (await api.call('workers.list')).workers.filter((w) => w.state === 'online').length;
  if (online > 0) process.stdout.write(`${online} worker(s) online on ${redis.display}.\n`);
  else process.stdout.write(`No worker online on ${redis.display} yet: trials wait in its queue. Start one with: ${TOKEN_ENV}=<token> hparam-studio worker --redis ${redis.display} (the token: hparam-studio workers --token)\n`);
}

/** A --redis URL, reached and found fit (noeviction, credentials) before anything is created. */
async function checkedRedis(url: string): Promise<RedisTarget> {
  const target = parseRedisUrl(url, '--redis');
  await checkRedis(target);
  return target;
}

/** A study reference as the contract takes it: digits are an id, anything else a name. */
export function studyKey(ref: string): number | string {
  return /^\d+$/.test(ref) ? Number(ref) : ref;
}

function parseIntOption(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError('invalid_input', `${name}: expected a whole number ≥ 1, got '${v}'`);
  return n;
}
