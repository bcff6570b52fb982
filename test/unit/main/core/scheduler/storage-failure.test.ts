import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Services } from '../../../../../src/main/core/services';
import type { Store } from '../../../../../src/main/core/store/store';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { FakeLauncher, settle } from './fake-launcher';

/** The store's connection: SQLite's max_page_count makes its writes fail as on a full disk (SQLITE_FULL). */
const dbOf = (store: Store): Database.Database => (store as unknown as { db: Database.Database }).db;

describe('a database that cannot be written', () => {
  const tempDir = useTempDir();

  it('stops the study with the reason, keeps the process up and what was stored; resume continues once it can write', async () => {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: 1 });
    try {
      const study = services.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 4 } }));
      const done = services.scheduler.startStudy(study.id);
      const t = await launcher.live(1);
      t.ready();
      t.step();
      await settle();
      expect(services.store.getRun(1)?.epochsDone).toBe(1);

      const db = dbOf(services.store);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      // Epochs until a write needs a page the "disk" does not have.
      for (let i = 0; i < 3 && !t.exited; i++) {
        t.step({ padding: Math.random(), ...Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`m${k}`, k])) });
        await settle();
      }
      const end = await done;
      expect(end.status).toBe('paused');
      expect(end.reason).toMatch(/database could not record .*(full|SQLITE_FULL)/i);
      expect(t.exited).not.toBeNull();
      // Epoch 1 and its checkpoint are still on record.
      expect(services.store.getRun(1)).toMatchObject({ lastCheckpointEpoch: 1 });
      expect(services.store.getMetrics(1, ['loss']).map((m) => m.step)).toEqual([1]);

      db.pragma('max_page_count = 1073741823');
      const resumed = services.scheduler.startStudy(study.id);
      const again = await launcher.live(1);
      expect(again.start?.resumeFrom?.epoch).toBe(1);
      again.ready();
      await again.finish();
      await expect(resumed).resolves.toMatchObject({ status: 'completed' });
      expect(services.store.getMetrics(1, ['loss']).map((m) => m.step)).toEqual([1, 2, 3, 4]);
      expect(services.store.getStudy(study.id)).toMatchObject({ status: 'completed', statusReason: null });
    } finally {
      await services.close();
    }
  });
});
