import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../../src/renderer/src/lib/api/http-client';
import { ApiCallError } from '../../../../src/renderer/src/lib/api/client';
import { specToYaml } from '../../../../src/main/core/search/load-spec';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { useTempDir } from '../../../helpers/temp-dir';
import { rawRequest, serve } from './server-fixture';

const createBody = JSON.stringify({ spec: tinyStudySpec(), start: false });

describe('serve mode: the API over HTTP', () => {
  const tempDir = useTempDir();

  it('requires the token on every call; a wrong one changes nothing', async () => {
    const s = await serve(tempDir());
    try {
      const { server } = s;
      expect(server.token).toMatch(/^[0-9a-f]{64}$/);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);

      const missing = await s.post('/api/studies.create', createBody, { authorization: '' });
      expect(missing.status).toBe(401);
      expect(missing.json).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringMatching(/token/) } });
      const wrong = await s.post('/api/studies.create', createBody, { authorization: `Bearer ${'0'.repeat(64)}` });
      expect(wrong.status).toBe(401);
      const short = await s.post('/api/studies.create', createBody, { authorization: 'Bearer abc' });
      expect(short.status).toBe(401);
      // The query token is for EventSource GETs only; a POST must carry the header.
      const viaQuery = await s.post(`/api/studies.create?token=${server.token}`, createBody, { authorization: '' });
      expect(viaQuery.status).toBe(401);
      expect(s.services.store.listStudies()).toEqual([]);

      const created = await s.post('/api/studies.create', createBody);
      expect(created.status).toBe(200);
      expect(created.json).toMatchObject({ ok: true, value: { name: 'tiny', status: 'created' } });
      expect(s.services.store.listStudies()).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('answers malformed JSON with 400, an unknown method with 404, a huge body with 413', async () => {
    const s = await serve(tempDir(), { maxJsonBytes: 64 * 1024 });
    try {
      const malformed = await s.post('/api/studies.create', '{"spec": {"name": "x",');
      expect(malformed.status).toBe(400);
      expect(malformed.json).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^request body: not valid JSON/) } });

      const notJson = await s.post('/api/studies.create', createBody, { 'content-type': 'text/plain' });
      expect(notJson.status).toBe(415);

      const unknown = await s.post('/api/studies.launchRockets', '{}');
      expect(unknown.status).toBe(404);
      expect(unknown.json).toEqual({ ok: false, error: { code: 'not_found', message: 'method: unknown API method "studies.launchRockets"' } });

      const huge = await s.post('/api/studies.create', JSON.stringify({ yaml: 'x'.repeat(100 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.json.error.message).toMatch(/over the 65536-byte limit/);

      const badInput = await s.post('/api/runs.list', JSON.stringify({ studyId: -1 }));
      expect(badInput.status).toBe(400);
      expect(badInput.json.error.message).toMatch(/^runs\.list: studyId: /);

      const missing = await s.post('/api/studies.get', JSON.stringify({ id: 42 }));
      expect(missing.status).toBe(404);
      expect(s.services.store.listStudies()).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a foreign Host (DNS rebinding) or Origin with 403 before anything runs', async () => {
    const s = await serve(tempDir());
    try {
      const { server } = s;
      const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
      const rebound = await rawRequest(`${server.baseUrl}/api/studies.create`, { method: 'POST', headers: { ...headers, host: `evil.example:${server.port}` }, body: createBody });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error.message).toMatch(/Host "evil\.example:\d+" is not this server/);
      const otherPort = await rawRequest(`${server.baseUrl}/api/studies.list`, { method: 'POST', headers: { ...headers, host: '127.0.0.1:1' } });
      expect(otherPort.status).toBe(403);
      const foreignOrigin = await rawRequest(`${server.baseUrl}/api/studies.create`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body: createBody });
      expect(foreignOrigin.status).toBe(403);
      expect(s.services.store.listStudies()).toEqual([]);

      const localhost = await rawRequest(`${server.baseUrl}/api/studies.list`, { method: 'POST', headers: { ...headers, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` } });
      expect(localhost.status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('serves the renderer\'s HTTP client: values, codes, and the wrong-token case', async () => {
    const s = await serve(tempDir());
    try {
      const client = createHttpClient(s.server.baseUrl, s.server.token);
      expect(await client.call('studies.list')).toEqual([]);
      const study = await client.call('studies.create', { yaml: specToYaml(tinyStudySpec()), start: false });
      expect(study.name).toBe('tiny');
      expect((await client.call('studies.list')).map((x) => x.id)).toEqual([study.id]);

      const bad = await client.call('studies.get', { id: 999 }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ApiCallError);
      expect(bad).toMatchObject({ code: 'not_found', method: 'studies.get' });

      const stranger = createHttpClient(s.server.baseUrl, 'f'.repeat(64));
      await expect(stranger.call('studies.list')).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      await s.close();
    }
  });
});
