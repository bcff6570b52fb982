import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../helpers/temp-dir';
import { collectEvents, serve } from './server-fixture';

/** A small CSV with a clear class signal: 200 rows, 3 numeric features, a text label. */
function csvText(): string {
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < 200; i++) lines.push(`${i % 7},${(i * 3) % 11},${i / 10},${i % 2 ? 'yes' : 'no'}`);
  return `${lines.join('\n')}\n`;
}

describe('serve mode: dropped file → upload → import', () => {
  const tempDir = useTempDir();

  it('imports an uploaded CSV, reports progress with the import id, and removes the upload', async () => {
    const s = await serve(tempDir());
    try {
      const uploaded = await s.post('/api/upload?relpath=survey.csv', csvText(), { 'content-type': 'application/octet-stream' });
      expect(uploaded.status).toBe(200);
      const uploadPath = uploaded.json.value.path as string;

      const progress = collectEvents(`${s.server.baseUrl}/api/events?token=${s.server.token}`, (events) =>
        events.some((e) => e.event === 'import-progress' && (e.data as { importId: string }).importId === 'drop-1'),
      );
      await progress.connected;
      const imported = await s.post('/api/datasets.import', JSON.stringify({ path: uploadPath, importId: 'drop-1', options: { target: 'label' } }));
      expect(imported.status).toBe(200);
      expect(imported.json.value).toMatchObject({ created: true, dataset: { name: 'survey', task: 'binary', classNames: ['no', 'yes'] } });
      expect((await progress.events).find((e) => e.event === 'import-progress')?.data).toMatchObject({ importId: 'drop-1', phase: expect.any(String) });
      expect(fs.existsSync(uploadPath)).toBe(false);

      const listed = await s.post('/api/datasets.list');
      expect(listed.json.value.map((d: { name: string }) => d.name)).toEqual(['survey']);

      const missing = await s.post('/api/datasets.import', JSON.stringify({ path: uploadPath }));
      expect(missing.json.ok).toBe(false);
      expect(missing.json.error.message).toContain('survey.csv');
    } finally {
      await s.close();
    }
  });
});
