import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assertBuilt, cliScript, useTempDir } from '../../../helpers/temp-dir';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI. The kill timer only turns a hang (the bug some of these inputs caused) into a
 * failed test instead of a stuck suite; nothing here depends on how fast the CLI is.
 */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve) => {
    execFile(process.execPath, [cliScript, ...args], { env: { ...process.env, ...env }, timeout: 90_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** One "error: …" line (after any progress lines) and no stack: what a user sees for bad input. */
function expectOneLineError(r: CliResult, ...parts: string[]): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines.filter((line) => line.startsWith('error: '))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^error: /);
  for (const part of parts) expect(lines.at(-1)).toContain(part);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function smallCsv(file: string): string {
  const lines = ['a,b,label'];
  for (let i = 0; i < 60; i++) lines.push(`${i % 7},${(i * 3) % 5},${i % 2 ? 'yes' : 'no'}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const linux = process.platform === 'linux';

describe('the CLI on bad input: one clear line, exit 2, nothing left behind', () => {
  const tempDir = useTempDir('hps-cli-');

  it.runIf(linux)('--db in procfs is refused at once instead of spinning', async () => {
    const dataDir = tempDir();
    const r = await cli(['--data-dir', dataDir, '--db', '/proc/1/x/studies.db', 'list']);
    expectOneLineError(r, 'database /proc/1/x/studies.db: lies in procfs');
  });

  it('a foreign SQLite file as --db is refused before anything is written to it', async () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'shop.db');
    const db = new Database(foreign);
    db.exec("CREATE TABLE dataset (id INTEGER PRIMARY KEY, sku TEXT); INSERT INTO dataset (sku) VALUES ('a-1')");
    db.close();
    const before = sha(foreign);
    const r = await cli(['--data-dir', path.join(dir, 'data'), '--db', foreign, 'list']);
    expectOneLineError(r, `Database ${foreign} was not created by HParam Studio`, 'dataset', 'nothing was written to it');
    expect(sha(foreign)).toBe(before);
    // No -wal, no -shm; and `list` only reads, so not even the data folder is made.
    expect(fs.readdirSync(dir).sort()).toEqual(['shop.db']);
    // A command that would own the data directory is refused the same way, before writing to the file.
    const owner = await cli(['--data-dir', path.join(dir, 'data'), '--db', foreign, 'resume', '1']);
    expectOneLineError(owner, `Database ${foreign} was not created by HParam Studio`);
    expect(sha(foreign)).toBe(before);
    const after = new Database(foreign, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['dataset']);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it.runIf(linux)('a full disk during import says "disk full at <path>" and keeps nothing', async () => {
    const dataDir = tempDir();
    const source = smallCsv(path.join(tempDir(), 'survey.csv'));
    const r = await cli(['--data-dir', dataDir, 'import', source], { HPS_IMPORT_FAULT: 'disk-full' });
    expectOneLineError(r, `disk full at ${path.join(dataDir, 'datasets')}${path.sep}`, 'nothing was kept');
    expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);
    const listed = await cli(['--data-dir', dataDir, 'datasets']);
    expect(listed.stdout).toContain('No datasets yet');
  });

  it.runIf(linux)('a FIFO named .csv is named as such, not "file is empty"', async () => {
    const dataDir = tempDir();
    const fifo = path.join(tempDir(), 'data.csv');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['--data-dir', dataDir, 'import', fifo]);
    expectOneLineError(r, `${fifo}: a named pipe (FIFO), not a file`);
  });

  it('a YAML alias bomb is a spec error naming the file, not a stack', async () => {
    const dir = tempDir();
    const spec = path.join(dir, 'bomb.yaml');
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']] as const) rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    fs.writeFileSync(spec, `name: bomb\ndataset: sample:binary-1000x10\ntemplate: mlp\n${rows.join('\n')}\nspace: {epochs: 1}\n`);
    const r = await cli(['--data-dir', path.join(dir, 'data'), 'run', spec]);
    expectOneLineError(r, `${spec}: YAML aliases (*name) expand too much`);
  });

  it('a spec naming a dataset that was never imported names the spec file', async () => {
    const dir = tempDir();
    const spec = path.join(dir, 'study.yaml');
    fs.writeFileSync(spec, 'name: s\ndataset: my-survey\ntemplate: mlp\nbudget: {maxTrials: 1}\nspace: {epochs: 1}\n');
    const r = await cli(['--data-dir', path.join(dir, 'data'), 'run', spec]);
    expectOneLineError(r, `${spec}: dataset: no dataset named or hashed 'my-survey'`);
  });

  it('serve beyond loopback needs --allow-remote, and says what it would expose', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const r = await cli(['--data-dir', dataDir, 'serve', '--host', '0.0.0.0', '--no-open']);
    expectOneLineError(r, '--host 0.0.0.0: not loopback', 'add --allow-remote to confirm', 'start trainings', 'unencrypted');
    expect(fs.existsSync(dataDir)).toBe(false); // refused before the data folder was opened
  });

  it('reads a headerless CSV after skipped lines as the flags say', async () => {
    const dataDir = tempDir();
    const source = path.join(tempDir(), 'plain.csv');
    const lines = ['# exported by a lab instrument', '# units: cm'];
    for (let i = 0; i < 60; i++) lines.push(`${i % 7},${(i * 3) % 5},${i % 2 ? 'yes' : 'no'}`);
    fs.writeFileSync(source, `${lines.join('\n')}\n`);
    const r = await cli(['--data-dir', dataDir, 'import', source, '--skip-rows', '2', '--no-header', '--delimiter', ',']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('skipped the first 2 line(s) as asked');
    expect(r.stdout).toContain('header: none (as set in the import options), columns named col_1…col_3');
    const bad = await cli(['--data-dir', dataDir, 'import', source, '--skip-rows', 'two']);
    expectOneLineError(bad, "--skip-rows: expected a whole number from 0 to 1000, got 'two'");
  });
});
