import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { TASKS, type Task } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';
import type { CliApi } from './api/cli-api';
import { openReader, openWriter, type GlobalOptions } from './api/connect';
import { cliLooker } from './commands-ensemble';
import { parseRunRef } from './commands-inspect';
import { formatNumber, renderTable } from './format';
import { createProgressBar } from './progress-bar';

/** Runs `fn` on a connection and closes it after, whatever happens. */
async function using<T>(api: CliApi, fn: (api: CliApi) => Promise<T>): Promise<T> {
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

interface ImportFlags {
  target?: string;
  name?: string;
  split?: string;
  seed?: string;
  task?: string;
  missing?: string;
  imageSize?: string;
  color?: string;
  delimiter?: string;
  header?: boolean;
  skipRows?: string;
  keepColumns?: string;
  dates?: string;
}

function parseSkipRows(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new AppError('invalid_input', `--skip-rows: expected a whole number from 0 to 1000, got '${v}'`);
  return n;
}

function parseSplit(v: string): [number, number, number] {
  const parts = v.split(',').map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || Math.abs(parts[0]! + parts[1]! + parts[2]! - 1) > 1e-6) {
    throw new AppError('invalid_input', `--split: expected three fractions that add up to 1, like 0.7,0.15,0.15; got '${v}'`);
  }
  return parts as [number, number, number];
}

function parseImageSize(v: string): [number, number] {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(v);
  if (!m) throw new AppError('invalid_input', `--image-size: expected HxW or N, like 28x28; got '${v}'`);
  const h = Number(m[1]);
  const w = Number(m[2] ?? m[1]);
  if (h < 1 || w < 1 || h > 1024 || w > 1024) throw new AppError('invalid_input', `--image-size: ${h}x${w} is outside 1..1024`);
  return [h, w];
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new AppError('invalid_input', `${flag}: '${v}' is not one of ${allowed.join(', ')}`);
  return v as T;
}

export function registerDatasetCommands(program: Command): void {
  program
    .command('import')
    .description('import a dataset: CSV/TSV, IDX (MNIST), NumPy .npy/.npz, or image folders (also zipped)')
    .argument('<path>', 'file or folder')
    .option('--target <column>', 'target column (CSV) or labels array (npz); default: the last column / y')
    .option('--name <name>', 'dataset name (default: the file or folder name)')
    .option('--split <fractions>', 'train,val,test fractions', '0.7,0.15,0.15')
    .option('--seed <n>', 'split seed', '0')
    .option('--task <task>', `override the inferred task (${TASKS.join(', ')})`)
    .option('--missing <how>', 'missing values: impute (median/mode) or drop rows', 'impute')
    .option('--image-size <HxW>', 'resize images to this size (default: the first image, capped at 64)')
    .option('--color <mode>', 'images: grayscale or rgb (default: detected)')
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--header', 'CSV: the first line (after --skip-rows) names the columns (default: detected)')
    .option('--no-header', 'CSV: the first line is data; columns are named col_1, col_2, …')
    .option('--skip-rows <n>', 'CSV: lines to skip before the table (default: a leading metadata line is detected)')
    .option('--keep-columns <names>', 'CSV: comma-separated columns to keep as they are although they look like an ID, free text or dates')
    .option('--dates <how>', 'CSV: date columns become year, month, day of week, day of year (expand, the default) or are dropped (drop)')
    .action(async (source: string, flags: ImportFlags, cmd: Command) => {
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new AppError('invalid_input', `--seed: expected a whole number ≥ 0, got '${flags.seed}'`);
      const options = {
        target: flags.target,
        task: oneOf<Task>('--task', flags.task, TASKS),
        missing: oneOf('--missing', flags.missing, ['impute', 'drop'] as const),
        imageSize: flags.imageSize ? parseImageSize(flags.imageSize) : undefined,
        color: oneOf('--color', flags.color, ['grayscale', 'rgb'] as const),
        delimiter: flags.delimiter,
        header: flags.header,
        skipRows: parseSkipRows(flags.skipRows),
        keepColumns: flags.keepColumns?.split(',').map((c) => c.trim()).filter((c) => c !== ''),
        dates: oneOf('--dates', flags.dates, ['expand', 'drop'] as const),
      };
      const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), `hparam-studio import ${source}`);
      await using(api, async () => {
        const bar = createProgressBar();
        const importId = randomUUID();
        const off = api.on('import-progress', (p) => {
          if (p.importId === importId) bar.update(p);
        });
        const started = Date.now();
        const result = await api
          .call('datasets.import', {
            // The owner may be another process with another working directory: it gets an absolute path.
            path: path.resolve(source),
            name: flags.name,
            split: parseSplit(flags.split ?? '0.7,0.15,0.15'),
            seed,
            importId,
            options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
          })
          .finally(() => {
            off();
            bar.done();
          });
        const meta = result.dataset;
        const verb = result.created ? 'Imported' : 'Already imported:';
        process.stdout.write(
          `${verb} ${meta.name} (${meta.id.slice(0, 12)}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${meta.task}, input [${meta.inputShape.join('×')}], ${meta.classNames.length ? `${meta.classNames.length} classes, ` : ''}train ${meta.splits.train} / val ${meta.splits.val} / test ${meta.splits.test}${meta.shippedTest ? ' (test shipped with the data)' : ''}\n`,
        );
        for (const n of result.notes) process.stdout.write(`  · ${n}\n`);
        process.stdout.write(`Use it in a study spec as  dataset: ${meta.name}\n`);
      });
    });

  program
    .command('datasets')
    .description('list datasets, or preview one: datasets [name|hash]')
    .argument('[ref]', 'dataset name or hash (prefix)')
    .action(async (ref: string | undefined, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      // A built-in sample is generated on first use, which writes: that takes the owner.
      const api = ref?.startsWith('sample:') ? await openWriter(opts, `hparam-studio datasets ${ref}`) : openReader(opts);
      await using(api, async () => {
        if (!ref) {
          const all = await api.call('datasets.list');
          if (all.length === 0) return void process.stdout.write('No datasets yet. Import one with: hparam-studio import <file|folder>\n');
          const rows = all.map((meta) => [meta.id.slice(0, 12), meta.name, meta.kind, meta.task, `[${meta.inputShape.join('×')}]`, meta.classNames.length || null, `${meta.splits.train}/${meta.splits.val}/${meta.splits.test}`, meta.createdAt]);
          return void process.stdout.write(`${renderTable(['hash', 'name', 'kind', 'task', 'input', 'classes', 'train/val/test', 'imported'], rows)}\n`);
        }
        const p = await api.call('datasets.preview', { id: ref, rows: 10, perClass: 0 });
        process.stdout.write(`${p.name} (${p.id.slice(0, 12)}): ${p.kind}, ${p.task}, input [${p.inputShape.join('×')}], train ${p.splits.train} / val ${p.splits.val} / test ${p.splits.test}\n`);
        for (const n of p.notes) process.stdout.write(`  · ${n}\n`);
        if (p.columns.length) {
          process.stdout.write(`\n${renderTable(['column', 'type', 'encoding', 'missing', 'imputed'], p.columns.map((c) => [c.name, c.type, c.encoding ?? null, c.missing, c.imputed ?? null]))}\n`);
        }
        if (p.classBalance.length) {
          process.stdout.write(`\n${renderTable(['class', 'train', 'val', 'test'], p.classBalance.map((c) => [c.name, c.train, c.val, c.test]))}\n`);
        }
        const stats = p.featureStats.slice(0, 40);
        process.stdout.write(`\n${renderTable(['feature', 'mean', 'std', 'min', 'max'], stats.map((s) => [s.name, formatNumber(s.mean), formatNumber(s.std), formatNumber(s.min), formatNumber(s.max)]))}\n`);
        if (p.featureStats.length > stats.length) process.stdout.write(`  … ${p.featureStats.length - stats.length} more features\n`);
        if (p.rows.length) {
          const names = p.featureNames.slice(0, 8);
          const more = p.featureNames.length > names.length ? ['…'] : [];
          process.stdout.write(`\n${renderTable([...names, ...more, 'target'], p.rows.map((r) => [...r.features.slice(0, 8).map((v) => formatNumber(v)), ...more.map(() => ''), r.target]))}\n`);
        }
      });
    });

  program
    .command('evaluate')
    .description('score a finished run or an ensemble on the held-out test split (recorded; the test set is meant to be looked at once)')
    .argument('<run>', 'run id, or ensemble:<id>')
    .option('--force', 'evaluate again although it was already evaluated')
    .action(async (ref: string, flags: { force?: boolean }, cmd: Command) => {
      const ensemble = /^ensemble[:#](\d+)$/.exec(ref);
      const runId = ensemble ? null : parseRunRef(ref);
      const command = `hparam-studio evaluate ${ref}`;
      const api = await openWriter(cmd.optsWithGlobals<GlobalOptions>(), command);
      await using(api, async () => {
        const by = cliLooker(command);
        const e = ensemble ? await api.call('ensembles.evaluate', { ensembleId: Number(ensemble[1]), force: flags.force, by }) : await api.call('runs.evaluate', { runId: runId!, force: flags.force, by });
        process.stdout.write(`${ensemble ? `Ensemble ${ensemble[1]}` : `Run ${runId}`} on the test split (recorded ${e.createdAt}, by ${e.requestedBy ?? by}):\n`);
        for (const [k, v] of Object.entries(e.metrics)) process.stdout.write(`  ${k.padEnd(16)} ${formatNumber(v)}\n`);
      });
    });
}
