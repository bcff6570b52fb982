import { once } from 'node:events';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import { httpRoute } from '../../shared/contract';
import { BASE_HEADERS, HttpError } from './http-util';

/** Export folder names as runs.export makes them (`<study>-trial-<n>[-k]`): no separators, no dot files. */
const EXPORT_NAME = /^[\w-][\w.-]*$/;

/**
 * GET /api/exports/<name>.zip: a bundle runs.export wrote into `<data dir>/exports/<name>`, as one zip
 * streamed file by file (stored, not deflated: weights barely compress). This is how a server open to
 * the network hands out exports instead of writing them to a path the client names.
 */
export async function sendExportZip(req: http.IncomingMessage, res: http.ServerResponse, url: URL, exportsDir: string): Promise<void> {
  if (req.method !== 'GET') throw new HttpError(405, 'invalid_input', `${url.pathname}: use GET`);
  const file = decodeURIComponent(url.pathname.slice(httpRoute.exportDownloadPrefix.length));
  const name = file.endsWith('.zip') ? file.slice(0, -'.zip'.length) : '';
  if (!EXPORT_NAME.test(name)) throw new HttpError(404, 'not_found', `export ${JSON.stringify(file)}: not an export name (expected <name>.zip)`);
  const dir = path.join(exportsDir, name);
  let files: string[];
  try {
    files = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    throw new HttpError(404, 'not_found', `export ${name}: no such export in this server's data folder`);
  }
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${name}.zip"`,
    'cache-control': 'no-store',
  });
  let failed: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else res.write(chunk);
    if (final || err) res.end();
  });
  for (const f of files) {
    const entry = new ZipPassThrough(`${name}/${f}`);
    zip.add(entry);
    for await (const chunk of fs.createReadStream(path.join(dir, f)) as AsyncIterable<Buffer>) {
      entry.push(chunk);
      if (failed) return void res.destroy(failed);
      if (res.writableNeedDrain) await once(res, 'drain');
    }
    entry.push(new Uint8Array(0), true);
  }
  zip.end();
}
