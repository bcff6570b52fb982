import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../src/main/core/services';
import { startServer } from '../../../../src/main/server/server';
import { trainerScript, useTempDir } from '../../../helpers/temp-dir';
import { serve } from './server-fixture';

const csv = ['a,b,label', ...Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 ? 'yes' : 'no'}`)].join('\n') + '\n';
const octets = { 'content-type': 'application/octet-stream' };

describe('serve mode beyond loopback: an explicit opt-in that confines file access', () => {
  const tempDir = useTempDir('hps-remote-');

  it('refuses a non-loopback host without allowRemote, before listening', async () => {
    const services = new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      await expect(startServer(services, { host: '0.0.0.0', rendererDir: '/nonexistent' })).rejects.toThrow(/^--host 0\.0\.0\.0: not loopback.*add --allow-remote to confirm$/);
    } finally {
      await services.close();
    }
  });

  it('imports only what was uploaded, refuses export paths, and hands out exports as a zip', async () => {
    const dataDir = tempDir();
    const outside = path.join(tempDir(), 'secret.csv');
    fs.writeFileSync(outside, csv);
    // Loopback with the opt-in: the same confinement as on 0.0.0.0, without opening a port to the network.
    const s = await serve(dataDir, { allowRemote: true });
    try {
      const refused = await s.post('/api/datasets.import', JSON.stringify({ path: outside }));
      expect(refused.status).toBe(401);
      expect(refused.json.error).toEqual({
        code: 'unauthorized',
        message: `path: ${outside} is outside this server's uploads and data folder; a server open to the network (serve --allow-remote) reads only files uploaded to it`,
      });
      const sneaky = await s.post('/api/datasets.import', JSON.stringify({ path: path.join(dataDir, 'uploads', '..', '..', path.basename(path.dirname(outside)), 'secret.csv') }));
      expect(sneaky.status).toBe(401);
      expect(s.services.store.listDatasets()).toEqual([]);

      const uploaded = await s.post('/api/upload?relpath=survey.csv', csv, octets);
      const imported = await s.post('/api/datasets.import', JSON.stringify({ path: uploaded.json.value.path }));
      expect(imported.status).toBe(200);
      expect(imported.json.value.dataset.source).toBe('survey.csv'); // the internal upload path is not recorded

      const exportTo = await s.post('/api/runs.export', JSON.stringify({ runId: 1, dir: path.join(tempDir(), 'model') }));
      expect(exportTo.status).toBe(401);
      expect(exportTo.json.error.message).toMatch(/^dir: this server is open to the network .* leave dir out and download the bundle as a zip$/);

      // The download route serves a bundle from <data dir>/exports (as runs.export writes them) as one zip.
      const bundle = path.join(dataDir, 'exports', 'tiny-trial-1');
      fs.mkdirSync(bundle, { recursive: true });
      fs.writeFileSync(path.join(bundle, 'model.json'), '{"format":"layers-model"}');
      fs.writeFileSync(path.join(bundle, 'weights.bin'), Buffer.from([1, 2, 3, 4]));
      const zip = await fetch(`${s.server.baseUrl}/api/exports/tiny-trial-1.zip?token=${s.server.token}`);
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      expect(zip.headers.get('content-disposition')).toBe('attachment; filename="tiny-trial-1.zip"');
      const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual(['tiny-trial-1/model.json', 'tiny-trial-1/weights.bin']);
      expect(Array.from(files['tiny-trial-1/weights.bin']!)).toEqual([1, 2, 3, 4]);

      expect((await fetch(`${s.server.baseUrl}/api/exports/tiny-trial-1.zip`)).status).toBe(401);
      expect((await fetch(`${s.server.baseUrl}/api/exports/..%2Fstudies.db.zip?token=${s.server.token}`)).status).toBe(404);
      expect((await fetch(`${s.server.baseUrl}/api/exports/nope.zip?token=${s.server.token}`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});

describe('serve mode: uploads are bounded and cleaned up; imports never block the server', () => {
  const tempDir = useTempDir('hps-uploads-srv-');

  it('refuses an upload past the total quota, keeping nothing of it, and frees the quota when an upload is imported', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir, { maxUploadTotalBytes: csv.length + 100 });
    try {
      const first = await s.post('/api/upload?relpath=one.csv', csv, octets);
      expect(first.status).toBe(200);
      const second = await s.post('/api/upload?relpath=two.csv', csv, octets);
      expect(second.status).toBe(413);
      expect(second.json.error.message).toBe(
        `upload: two.csv does not fit in this server's upload quota (${csv.length + 100} bytes for all uploads together, ${csv.length} bytes held by uploads not imported yet); import or wait for them to be cleaned up`,
      );
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([first.json.value.uploadId]);

      expect((await s.post('/api/datasets.import', JSON.stringify({ path: first.json.value.path }))).status).toBe(200);
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
      expect((await s.post('/api/upload?relpath=two.csv', csv, octets)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('a failed import names the file as uploaded, never the upload folder, and its upload goes after the grace period', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir, { uploadGraceMs: 0 });
    try {
      const ragged = `${csv}1,2,3,yes\n`;
      const up = await s.post('/api/upload?relpath=ragged.csv', ragged, octets);
      const failed = await s.post('/api/datasets.import', JSON.stringify({ path: up.json.value.path }));
      expect(failed.status).toBe(400);
      expect(failed.json.error.message).toBe('ragged.csv: line 62: 4 fields, but the header has 3');
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('keeps a failed upload for a retry with other options within the grace period', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir, { uploadGraceMs: 3_600_000 });
    try {
      const up = await s.post('/api/upload?relpath=survey.csv', csv, octets);
      const wrong = await s.post('/api/datasets.import', JSON.stringify({ path: up.json.value.path, options: { target: 'labl' } }));
      expect(wrong.json.error.message).toBe("survey.csv: no column named 'labl' for the target; the columns are: a, b, label");
      expect(fs.existsSync(up.json.value.path)).toBe(true);
      const right = await s.post('/api/datasets.import', JSON.stringify({ path: up.json.value.path, options: { target: 'label' } }));
      expect(right.status).toBe(200);
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it.runIf(process.platform === 'linux')('answers paths in procfs, FIFOs and a full disk with errors and keeps serving', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir);
    try {
      const proc = await s.post('/api/datasets.import', JSON.stringify({ path: '/proc/1/nope' }));
      expect(proc.json.error.message).toBe('/proc/1/nope: no such file or directory');
      const procFile = await s.post('/api/datasets.import', JSON.stringify({ path: '/proc/self/status' }));
      expect(procFile.json.error.message).toBe('/proc/self/status: lies in procfs (/proc), a kernel file system, not a place for data; choose a folder on a disk');
      const exported = await s.post('/api/runs.export', JSON.stringify({ runId: 1, dir: '/proc/1/nope' }));
      expect(exported.status).toBe(404); // no run 1: refused before any path is touched

      const source = path.join(tempDir(), 'survey.csv');
      fs.writeFileSync(source, csv);
      process.env.HPS_IMPORT_FAULT = 'disk-full';
      let full: Awaited<ReturnType<typeof s.post>>;
      try {
        full = await s.post('/api/datasets.import', JSON.stringify({ path: source }));
      } finally {
        delete process.env.HPS_IMPORT_FAULT;
      }
      expect(full.status).toBe(507);
      expect(full.json.error.code).toBe('disk_full');
      expect(full.json.error.message).toMatch(new RegExp(`^disk full at ${path.join(dataDir, 'datasets')}/[0-9a-f]{64}: the dataset cache of survey did not fit; nothing was kept`));
      expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);

      expect((await s.post('/api/studies.list')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
