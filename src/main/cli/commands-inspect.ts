import path from 'node:path';
import type { Command } from 'commander';
import type { RunDetailDto } from '../../shared/contract';
import { RUN_STATUSES, type RunStatus } from '../../shared/domain/run';
import { AppError } from '../../shared/result';
import type { CliApi } from './api/cli-api';
import { openReader, openWriter, type GlobalOptions } from './api/connect';
import { studyKey } from './commands-run';
import { formatNumber, formatParam, renderTable } from './format';
import { renderLeaderboard, varyingParams } from './leaderboard';
import { importanceLines, searchLines } from './study-analysis-text';

export function parseRunRef(ref: string): number {
  const id = Number(ref.replace(/^run[:#]?/, ''));
  if (!Number.isInteger(id) || id < 1) throw new AppError('invalid_input', `run: expected a run id like 3 or run:3, got '${ref}'`);
  return id;
}

/** Opens a read-only view for `fn` and closes it after; a data directory with no database yet reads as empty. */
async function reading<T>(opts: GlobalOptions, fn: (api: CliApi) => Promise<T>, whenEmpty: () => T): Promise<T> {
  let api: CliApi;
  try {
    api = openReader(opts);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found' && /No database at/.test(err.message)) return whenEmpty();
    throw err;
  }
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

async function showRun(api: CliApi, runId: number): Promise<string> {
  const run: RunDetailDto = await api.call('runs.get', { runId });
  const out = [
    `Run ${run.id} — trial ${run.trialNumber} of study ${run.studyId}`,
    `  status      ${run.status}${run.error ? `: ${run.error}` : ''}${run.stopRequest ? ` (asked to ${run.stopRequest})` : ''}`,
    `  backend     ${run.backend ?? '—'}${run.backendNotes.length ? `  (${run.backendNotes.join('; ')})` : ''}`,
    `  seed        ${run.seed}`,
    `  epochs      ${run.epochsDone} (best epoch ${run.bestEpoch ?? '—'})`,
    `  objective   best ${formatNumber(run.bestObjective) ?? '—'}, final ${formatNumber(run.finalObjective) ?? '—'}`,
    `  time        ${run.startedAt ?? '—'} → ${run.endedAt ?? '—'}`,
    '  hyperparameters',
    ...Object.entries(run.params).map(([k, v]) => `    ${k.padEnd(18)} ${formatParam(v)}`),
  ];
  if (run.attempts.length > 0) {
    out.push(
      '',
      renderTable(
        ['attempt', 'from epoch', 'started', 'ended', 'backend', 'outcome', 'error'],
        run.attempts.map((a) => [a.attempt, a.fromEpoch, a.startedAt, a.endedAt, a.backend, a.outcome ?? (run.status === 'running' ? 'running' : null), a.error]),
      ),
    );
  }
  const metrics = await api.call('runs.metrics', { runId });
  const names = [...new Set(metrics.map((m) => m.name))].filter((n) => n !== 'epoch_time_ms');
  const steps = [...new Set(metrics.map((m) => m.step))].sort((a, b) => a - b);
  if (steps.length > 0) {
    const byKey = new Map(metrics.map((m) => [`${m.name}@${m.step}`, m.value]));
    out.push('', renderTable(['epoch', ...names], steps.map((s) => [s, ...names.map((n) => formatNumber(byKey.get(`${n}@${s}`)))])));
  }
  for (const e of run.evaluations) {
    out.push('', `  test split (looked at ${e.createdAt}): ${Object.entries(e.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ')}`);
  }
  if (run.logTail) out.push('', '  trainer log:', ...run.logTail.split('\n').map((l) => `    ${l}`));
  if (run.stderrTail) out.push('', '  last output of the trainer:', ...run.stderrTail.split('\n').map((l) => `    ${l}`));
  return out.join('\n');
}

interface ShowFlags {
  top: number;
  all?: boolean;
  status?: string;
}

async function showStudy(api: CliApi, ref: string, flags: ShowFlags): Promise<string> {
  const study = await api.call('studies.get', { id: studyKey(ref) });
  const counts = RUN_STATUSES.filter((s) => study.runCounts[s] > 0).map((s) => `${study.runCounts[s]} ${s}`);
  const total = RUN_STATUSES.reduce((n, s) => n + study.runCounts[s], 0);
  const runs = await api.call('runs.list', { studyId: study.id });
  const out = [
    `Study ${study.name} (id ${study.id}) — ${study.status}${study.statusReason ? ` (${study.statusReason})` : ''}, ${study.template} on ${study.datasetId.slice(0, 12)}, objective ${study.objectiveMetric} (${study.objectiveDirection}), ${study.algorithm} search`,
    `${total} run(s)${counts.length ? `: ${counts.join(', ')}` : ''}`,
    ...searchLines(study, runs),
    '',
    await renderLeaderboard(api, study, flags.top),
  ];
  const importance = importanceLines(study, runs);
  if (importance.length > 0) out.push('', ...importance);
  const statuses = flags.status ? parseStatuses(flags.status) : null;
  if (flags.all || statuses) {
    const listed = runs.filter((r) => !statuses || statuses.includes(r.status));
    const params = varyingParams(listed);
    out.push(
      '',
      renderTable(
        ['run', 'trial', 'status', 'epochs', 'best', 'attempts', ...params, 'error'],
        listed.map((r) => [r.id, r.trialNumber, r.status, r.epochsDone, formatNumber(r.bestObjective), r.attempt, ...params.map((p) => (p in r.params ? formatParam(r.params[p]) : null)), r.error]),
      ),
    );
  } else if (total > 0) {
    out.push('', `All runs: hparam-studio show ${study.id} --all   (or --status failed,pruned)`);
  }
  return out.join('\n');
}

function parseStatuses(v: string): RunStatus[] {
  const given = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = given.filter((s) => !(RUN_STATUSES as readonly string[]).includes(s));
  if (bad.length > 0) throw new AppError('invalid_input', `--status: ${bad.join(', ')} not a run status (known: ${RUN_STATUSES.join(', ')})`);
  return given as RunStatus[];
}

export function registerInspectCommands(program: Command): void {
  program
    .command('list')
    .description('list studies')
    .action(async (_flags: unknown, cmd: Command) => {
      const empty = 'No studies yet. Try: hparam-studio run resources/samples/mlp-binary.yaml\n';
      const text = await reading(
        cmd.optsWithGlobals<GlobalOptions>(),
        async (api) => {
          const studies = await api.call('studies.list');
          if (studies.length === 0) return empty;
          const rows = studies.map((s) => [s.id, s.name, s.status, s.template, `${s.totalRuns - s.runCounts.queued - s.runCounts.running}/${s.totalRuns}`, `${s.objectiveMetric} ${formatNumber(s.bestObjective) ?? '—'}`, s.createdAt]);
          return `${renderTable(['id', 'name', 'status', 'model', 'runs done', 'best', 'created'], rows)}\n`;
        },
        () => empty,
      );
      process.stdout.write(text);
    });

  program
    .command('show')
    .description('show a study (counts, leaderboard; --all or --status for its runs) or a run (config, attempts, curves, errors): show <study-id|name> | show run:<id>')
    .argument('<ref>', 'study id or name, or run:<id>')
    .option('--top <n>', 'leaderboard size', (v) => parseCount('--top', v), 10)
    .option('--all', 'list every run of the study')
    .option('--status <list>', 'list the runs with these statuses, e.g. failed,pruned')
    .action(async (ref: string, flags: ShowFlags, cmd: Command) => {
      const text = await reading(
        cmd.optsWithGlobals<GlobalOptions>(),
        (api) => (/^run[:#]?\d+$/.test(ref) ? showRun(api, parseRunRef(ref)) : showStudy(api, ref, flags)),
        () => {
          throw new AppError('not_found', `'${ref}' not found: this data directory has no studies yet`);
        },
      );
      process.stdout.write(`${text}\n`);
    });

  program
    .command('export')
    .description('export a run as a TensorFlow.js bundle (model.json, weights, hparam-studio.json metadata)')
    .argument('<run>', "run id, or 'best' for the best run of --study (default: the newest study)")
    .argument('<dir>', 'output directory (new or empty)')
    .option('--study <study>', 'study id or name, with best')
    .action(async (ref: string, dir: string, flags: { study?: string }, cmd: Command) => {
      const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), `hparam-studio export ${ref}`);
      try {
        let target: { runId: number } | { studyId: number | string };
        if (ref === 'best') {
          const study = flags.study ? studyKey(flags.study) : (await api.call('studies.list'))[0]?.id;
          if (study === undefined) throw new AppError('not_found', 'no studies yet: nothing to export');
          target = { studyId: study };
        } else target = { runId: parseRunRef(ref) };
        // The owner may be another process with another working directory: it gets an absolute path.
        const result = await api.call('runs.export', { ...target, dir: path.resolve(dir) });
        process.stdout.write(`Exported run ${result.runId} to ${result.dir}: ${result.files.join(', ')}\n`);
      } finally {
        await api.close();
      }
    });
}

function parseCount(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new AppError('invalid_input', `${name}: expected a whole number 1..1000, got '${v}'`);
  return n;
}
