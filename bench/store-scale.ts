/**
 * What the store costs at study scale: 10,000 runs × 50 epochs written the way the scheduler writes
 * finished trials (create, launch, ready, epochs, settle: one transaction each), then the reads the
 * study page and the CLI make. Reference in the same run: the same metric rows inserted into a bare
 * two-table schema with plain better-sqlite3, one transaction per run — what storage alone costs,
 * without run lifecycle, parameters, attempts and best-epoch bookkeeping.
 *
 *   node scripts/run-ts.mjs bench/store-scale.ts [--runs 10000] [--epochs 50]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Store } from '../src/main/core/store/store';
import { writeBigStudy } from './lib/big-study';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, epochs: { type: 'string', default: '50' } } });
const runs = Number(args.runs);
const epochs = Number(args.epochs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeReads(store: Store, studyId: number): Record<string, number> {
  const reads: Record<string, () => unknown> = {
    'leaderboard (top 10)': () => store.leaderboard(studyId),
    'listStudies': () => store.listStudies(),
    'listRuns (all)': () => store.listRuns(studyId),
    'one run': () => store.getRun(Math.max(1, Math.floor(runs / 2))),
    'one curve': () => store.getMetrics(1),
  };
  return Object.fromEntries(
    Object.entries(reads).map(([name, read]) => {
      const ms = Array.from({ length: 5 }, () => {
        const t = performance.now();
        read();
        return performance.now() - t;
      });
      return [name, median(ms)];
    }),
  );
}

function reference(dir: string): number {
  const db = new Database(path.join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE run (id INTEGER PRIMARY KEY, params TEXT); CREATE TABLE metric (run_id INTEGER, name TEXT, step INTEGER, value REAL, wall_time REAL, PRIMARY KEY (run_id, name, step)) WITHOUT ROWID;');
  const insertRun = db.prepare('INSERT INTO run (params) VALUES (?)');
  const insertMetric = db.prepare('INSERT INTO metric VALUES (?, ?, ?, ?, ?)');
  const names = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr'];
  const t0 = performance.now();
  const one = db.transaction((r: number) => {
    const id = Number(insertRun.run(JSON.stringify({ r })).lastInsertRowid);
    for (let e = 1; e <= epochs; e++) for (const n of names) insertMetric.run(id, n, e, 1 / (e + r), e);
  });
  for (let r = 0; r < runs; r++) one(r);
  const ms = performance.now() - t0;
  db.close();
  return ms / 1000;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-store-scale-'));
try {
  console.log(`${runs} runs × ${epochs} epochs × 5 metrics`);
  const refSec = reference(dir);
  const { studyId, seconds } = writeBigStudy(dir, runs, epochs);
  const store = Store.open(path.join(dir, 'studies.db'));
  const reads = timeReads(store, studyId);
  store.close();
  const mib = (f: string) => (fs.statSync(path.join(dir, f)).size / 2 ** 20).toFixed(0);
  console.log(`write   store ${seconds.toFixed(1)} s (${((seconds * 1000) / runs).toFixed(2)} ms per run)   reference bare inserts ${refSec.toFixed(1)} s   ratio ${(seconds / refSec).toFixed(2)}×`);
  console.log(`size    store ${mib('studies.db')} MiB   reference ${mib('bare.db')} MiB`);
  for (const [name, ms] of Object.entries(reads)) console.log(`read    ${name.padEnd(22)} ${ms.toFixed(1)} ms (median of 5)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
