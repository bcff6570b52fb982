import type { Command } from 'commander';
import { AppError } from '../../shared/result';
import { exportRun } from '../core/export/export-run';
import type { Services } from '../core/services';
import type { RunRow } from '../core/store/types';
import { findStudy, withServices, type GlobalOptions } from './context';
import { formatNumber, formatParam, renderTable } from './format';
import { renderLeaderboard } from './leaderboard';

function findRun(services: Services, ref: string): RunRow {
  const id = Number(ref.replace(/^run[:#]?/, ''));
  const run = Number.isInteger(id) ? services.store.getRun(id) : undefined;
  if (!run) throw new AppError('not_found', `run '${ref}' not found ('hparam-studio show <study>' lists a study's runs)`);
  return run;
}

function showRun(services: Services, run: RunRow): string {
  const out = [
    `Run ${run.id} — trial ${run.trialNumber} of study ${run.studyId}`,
    `  status      ${run.status}${run.error ? `: ${run.error}` : ''}`,
    `  backend     ${run.backend ?? '—'}${run.backendNotes.length ? `  (${run.backendNotes.join('; ')})` : ''}`,
    `  seed        ${run.seed}`,
    `  epochs      ${run.epochsDone} (best epoch ${run.bestEpoch ?? '—'})`,
    `  objective   best ${formatNumber(run.bestObjective) ?? '—'}, final ${formatNumber(run.finalObjective) ?? '—'}`,
    `  time        ${run.startedAt ?? '—'} → ${run.endedAt ?? '—'}`,
    '  hyperparameters',
    ...Object.entries(run.params).map(([k, v]) => `    ${k.padEnd(18)} ${formatParam(v)}`),
  ];
  const metrics = services.store.getMetrics(run.id);
  const names = [...new Set(metrics.map((m) => m.name))];
  const steps = [...new Set(metrics.map((m) => m.step))].sort((a, b) => a - b);
  if (steps.length > 0) {
    const byKey = new Map(metrics.map((m) => [`${m.name}@${m.step}`, m.value]));
    const shown = names.filter((n) => !['epoch_time_ms'].includes(n));
    out.push('', renderTable(['epoch', ...shown], steps.map((s) => [s, ...shown.map((n) => formatNumber(byKey.get(`${n}@${s}`)))])));
  }
  if (run.stderrTail) out.push('', '  last output of the trainer:', ...run.stderrTail.split('\n').map((l) => `    ${l}`));
  return out.join('\n');
}

export function registerInspectCommands(program: Command): void {
  program
    .command('list')
    .description('list studies')
    .action(async (_opts: unknown, cmd: Command) => {
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), (services) => {
        const studies = services.store.listStudies();
        if (studies.length === 0) return void process.stdout.write('No studies yet. Try: hparam-studio run resources/samples/mlp-binary.yaml\n');
        const rows = studies.map((s) => [s.id, s.name, s.status, s.template, `${s.totalRuns - (s.runCounts.queued ?? 0) - (s.runCounts.running ?? 0)}/${s.totalRuns}`, `${s.objectiveMetric} ${formatNumber(s.bestObjective) ?? '—'}`, s.createdAt]);
        process.stdout.write(`${renderTable(['id', 'name', 'status', 'model', 'runs done', 'best', 'created'], rows)}\n`);
      });
    });

  program
    .command('show')
    .description('show a study (leaderboard and runs) or a run (config, curves, errors): show <study-id|name> | show run:<id>')
    .argument('<ref>', 'study id or name, or run:<id>')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), (services) => {
        if (/^run[:#]?\d+$/.test(ref)) return void process.stdout.write(`${showRun(services, findRun(services, ref))}\n`);
        const study = findStudy(services, ref);
        const runs = services.store.listRuns(study.id);
        process.stdout.write(`Study ${study.name} (id ${study.id}) — ${study.status}, ${study.template} on ${study.datasetId.slice(0, 12)}, objective ${study.objectiveMetric} (${study.objectiveDirection})\n\n`);
        process.stdout.write(`${renderLeaderboard(services.store, study)}\n\n`);
        const rows = runs.map((r) => [r.id, r.trialNumber, r.status, r.backend, r.epochsDone, formatNumber(r.bestObjective), r.error]);
        process.stdout.write(`${renderTable(['run', 'trial', 'status', 'backend', 'epochs', 'best', 'error'], rows)}\n`);
      });
    });

  program
    .command('export')
    .description('export a run as a TensorFlow.js bundle (model.json, weights, hparam-studio.json metadata)')
    .argument('<run>', "run id, or 'best' for the best run of --study (default: the newest study)")
    .argument('<dir>', 'output directory (new or empty)')
    .option('--study <study>', 'study id or name, with best')
    .action(async (ref: string, dir: string, opts: { study?: string }, cmd: Command) => {
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), (services) => {
        let runId: number;
        if (ref === 'best') {
          const study = opts.study ? findStudy(services, opts.study) : services.store.listStudies()[0];
          if (!study) throw new AppError('not_found', 'no studies yet: nothing to export');
          const best = services.store.leaderboard(study.id, 1)[0];
          if (!best) throw new AppError('not_found', `study ${study.name} has no finished run with a ${study.objectiveMetric}`);
          runId = best.id;
        } else {
          runId = findRun(services, ref).id;
        }
        const result = exportRun(services.store, runId, dir);
        process.stdout.write(`Exported run ${runId} to ${result.dir}: ${result.files.join(', ')}\n`);
      });
    });
}
