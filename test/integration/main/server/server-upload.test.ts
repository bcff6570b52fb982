import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../helpers/temp-dir';
import { serve } from './server-fixture';

const csv = 'a,b,label\n1,2,x\n3,4,y\n';

describe('serve mode: uploads of dropped files', () => {
  const tempDir = useTempDir();

  it('stores a file and a folder inside the data directory and answers the path to import', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir);
    try {
      const one = await s.post('/api/upload?relpath=iris.csv', csv, { 'content-type': 'application/octet-stream' });
      expect(one.status).toBe(200);
      const file = one.json.value as { uploadId: string; path: string; file: string; bytes: number };
      expect(file.path).toBe(path.join(dataDir, 'uploads', file.uploadId, 'iris.csv'));
      expect(file.bytes).toBe(csv.length);
      expect(fs.readFileSync(file.path, 'utf8')).toBe(csv);

      const first = await s.post('/api/upload?relpath=shapes%2Fcircle%2F1.png', 'png-1', { 'content-type': 'application/octet-stream' });
      const uploadId = first.json.value.uploadId as string;
      const second = await s.post(`/api/upload?relpath=shapes%2Fsquare%2F1.png&uploadId=${uploadId}`, 'png-2', { 'content-type': 'application/octet-stream' });
      expect(second.json.value).toMatchObject({ uploadId, path: path.join(dataDir, 'uploads', uploadId, 'shapes') });
      expect(fs.readdirSync(second.json.value.path).sort()).toEqual(['circle', 'square']);

      const again = await s.post(`/api/upload?relpath=shapes%2Fsquare%2F1.png&uploadId=${uploadId}`, 'png-3', { 'content-type': 'application/octet-stream' });
      expect(again.status).toBe(409);
      const unknownId = await s.post(`/api/upload?relpath=a.csv&uploadId=${'a'.repeat(32)}`, csv);
      expect(unknownId.status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('rejects path traversal and odd names, writing nothing', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir);
    try {
      const attempts = ['../escape.csv', 'a/../../escape.csv', '/etc/escape.csv', 'a\\..\\escape.csv', 'C:escape.csv', 'a//b.csv', './a.csv', 'nul.txt', ''];
      for (const relpath of attempts) {
        const r = await s.post(`/api/upload?relpath=${encodeURIComponent(relpath)}`, csv, { 'content-type': 'application/octet-stream' });
        expect({ relpath, status: r.status }).toEqual({ relpath, status: 400 });
        expect(r.json.error.code).toBe('invalid_input');
      }
      const badId = await s.post('/api/upload?relpath=a.csv&uploadId=..%2F..', csv);
      expect(badId.status).toBe(400);
      expect(fs.existsSync(path.join(dataDir, 'escape.csv'))).toBe(false);
      const uploads = path.join(dataDir, 'uploads');
      expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
      expect((await s.post('/api/upload?relpath=a.csv', csv, { authorization: 'Bearer x' })).status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('refuses a file over the size limit and leaves no partial file', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir, { maxUploadBytes: 1000 });
    try {
      const declared = await s.post('/api/upload?relpath=big.csv', 'x'.repeat(5000), { 'content-type': 'application/octet-stream' });
      expect(declared.status).toBe(413);
      // Chunked, so the size is only known while streaming.
      let sent = 0;
      const chunks = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 5) controller.enqueue(new TextEncoder().encode('y'.repeat(400)));
          else controller.close();
        },
      });
      const response = await fetch(`${s.server.baseUrl}/api/upload?relpath=big.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.server.token}` },
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      const leftovers = fs.readdirSync(path.join(dataDir, 'uploads'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(leftovers).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
