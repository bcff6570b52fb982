import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadArea } from '../../../../../src/main/core/api/upload-area';
import { useTempDir } from '../../../../helpers/temp-dir';

function upload(dir: string, id: string, files: Record<string, number>): string {
  const folder = path.join(dir, id);
  for (const [name, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), Buffer.alloc(bytes, 1));
  }
  return folder;
}

describe('UploadArea: quota and clean-up of uploads', () => {
  const tempDir = useTempDir('hps-uploads-');

  it('counts what earlier servers left against the quota, and never lets bytes past it', () => {
    const dir = tempDir();
    upload(dir, 'a'.repeat(32), { 'x.csv': 300, 'imgs/1.png': 100 });
    const area = new UploadArea({ dir, quotaBytes: 1000, graceMs: 60_000 });
    expect(area.usedBytes).toBe(400);
    expect(area.take(600)).toBe(true);
    expect(area.take(1)).toBe(false);
    expect(area.usedBytes).toBe(1000);
    area.give(600);
    expect(area.usedBytes).toBe(400);
  });

  it('removes an imported upload at once and a failed one after the grace period', () => {
    const dir = tempDir();
    const imported = upload(dir, 'b'.repeat(32), { 'x.csv': 10 });
    const failed = upload(dir, 'c'.repeat(32), { 'y.csv': 20 });
    const area = new UploadArea({ dir, quotaBytes: 1000, graceMs: 60_000 });
    area.hold(imported)('imported');
    expect(fs.existsSync(imported)).toBe(false);
    expect(area.usedBytes).toBe(20);

    const release = area.hold(failed);
    expect(area.sweep(Date.now() + 120_000)).toEqual([]); // held: an import is reading it
    release('failed');
    expect(fs.existsSync(failed)).toBe(true); // kept for a retry with other options…
    expect(area.sweep(Date.now() + 120_000)).toEqual([failed]); // …until the grace period is over
    expect(area.usedBytes).toBe(0);
    area.dispose();
  });

  it('with no grace period a failed upload goes when its import ends; fresh abandoned ones stay until stale', () => {
    const dir = tempDir();
    const area = new UploadArea({ dir, quotaBytes: 1000, graceMs: 0 });
    const failed = upload(dir, 'd'.repeat(32), { 'z.csv': 5 });
    area.hold(failed)('failed');
    expect(fs.existsSync(failed)).toBe(false);

    const slow = new UploadArea({ dir, quotaBytes: 1000, graceMs: 60_000 });
    const abandoned = upload(dir, 'e'.repeat(32), { 'w.csv': 5 });
    expect(slow.sweep()).toEqual([]);
    expect(slow.sweep(Date.now() + 61_000)).toEqual([abandoned]);
    expect(slow.folderOf(path.join(abandoned, 'w.csv'))).toBe(abandoned);
    expect(slow.folderOf(path.join(dir, '..', 'elsewhere.csv'))).toBeNull();
  });
});
