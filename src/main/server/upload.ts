import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadResultDto } from '../../shared/contract';
import type { UploadArea } from '../core/api/upload-area';
import { isDiskFull } from '../core/fs/fs-errors';
import { HttpError } from './http-util';

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const MAX_SEGMENTS = 32;

/**
 * `imgs/cat/1.png` → its segments, refusing anything that could land outside the upload folder or
 * mean something special on some OS: `..`, absolute paths, backslashes, drive letters and ADS (`:`),
 * control characters, and names Windows reserves.
 */
export function safeRelativePath(relpath: string): string[] {
  const segments = relpath.split('/');
  const bad = (why: string) => new HttpError(400, 'invalid_input', `relpath ${JSON.stringify(relpath)}: ${why}`);
  if (relpath.length === 0 || relpath.length > 1024) throw bad('must be 1 to 1024 characters');
  if (segments.length > MAX_SEGMENTS) throw bad(`more than ${MAX_SEGMENTS} folder levels`);
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') throw bad('must be a relative path without empty, "." or ".." parts');
    if (/[\\:*?"<>|\u0000-\u001f]/.test(s)) throw bad(`"${s}" contains a character not allowed in file names`);
    if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s) || s.length > 255) throw bad(`"${s}" is not a usable file name`);
  }
  return segments;
}

export interface UploadLimits {
  /** Where uploads go, and the quota all of them share. */
  area: UploadArea;
  /** Largest single file. */
  maxBytes: number;
}

function quotaError(area: UploadArea, relpath: string): HttpError {
  const mb = (n: number) => (n < 1024 * 1024 ? `${n} bytes` : `${(n / (1024 * 1024)).toFixed(1)} MiB`);
  return new HttpError(
    413,
    'invalid_input',
    `upload: ${relpath} does not fit in this server's upload quota (${mb(area.quotaBytes)} for all uploads together, ${mb(area.usedBytes)} held by uploads not imported yet); import or wait for them to be cleaned up`,
  );
}

/**
 * Streams one dropped file into `<uploads>/<uploadId>/<relpath>`. The first file of a drop gets a new
 * upload id; the others of the same drop (a folder's files) pass it back so they land in one tree.
 * The answer's `path` is what datasets.import takes: the file itself, or the dropped folder.
 */
export async function receiveUpload(req: http.IncomingMessage, query: URLSearchParams, limits: UploadLimits): Promise<UploadResultDto> {
  const relpath = query.get('relpath') ?? query.get('name');
  if (relpath === null) throw new HttpError(400, 'invalid_input', 'relpath: required (the file name, or its path inside the dropped folder)');
  const segments = safeRelativePath(relpath);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    throw new HttpError(413, 'invalid_input', `upload: ${relpath} is ${declared} bytes, over the ${limits.maxBytes}-byte limit`);
  }
  const { area } = limits;
  if (Number.isFinite(declared) && area.usedBytes + declared > area.quotaBytes) throw quotaError(area, relpath);

  const givenId = query.get('uploadId');
  if (givenId !== null && !UPLOAD_ID.test(givenId)) throw new HttpError(400, 'invalid_input', 'uploadId: not an id this server gave out');
  const uploadId = givenId ?? randomBytes(16).toString('hex');
  const root = path.join(area.dir, uploadId);
  if (givenId !== null && !fs.existsSync(root)) throw new HttpError(404, 'not_found', `uploadId: upload ${givenId} does not exist (it was imported or never started)`);
  const file = path.join(root, ...segments);
  if (fs.existsSync(file)) throw new HttpError(409, 'conflict', `relpath: ${relpath} was already uploaded in this upload`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true }); // below the uploads folder, segments checked above
  } catch (err) {
    if (isDiskFull(err)) throw new HttpError(507, 'disk_full', `upload: disk full at the server's uploads folder; ${relpath} was not stored`);
    throw err;
  }

  // Written under a temp name and renamed, so a broken-off upload never looks like a whole file.
  const partial = `${file}.part-${randomBytes(4).toString('hex')}`;
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (bytes + chunk.length > limits.maxBytes) return done(new HttpError(413, 'invalid_input', `upload: ${relpath} is over the ${limits.maxBytes}-byte limit`));
      // Counted as it arrives, so uploads running side by side cannot pass the quota together.
      if (!area.take(chunk.length)) return done(quotaError(area, relpath));
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(partial, { flags: 'wx' });
  try {
    // Not pipeline(req, …): on an error that would destroy the request's socket, and with it the 413.
    const written = pipeline(limiter, out);
    req.on('close', () => {
      if (!req.complete) limiter.destroy(new Error('the connection closed before the file was complete'));
    });
    req.pipe(limiter);
    await written;
  } catch (err) {
    // The file stream opens asynchronously and may still be opening (or writing) when the pipeline
    // fails: removing the file before it has closed would leave it to be created again behind us.
    // (Not events.once: it rejects on the 'error' the failed stream emits before 'close'.)
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(partial, { force: true });
    area.give(bytes);
    if (givenId === null) fs.rmSync(root, { recursive: true, force: true }); // a new upload that got nothing
    if (err instanceof HttpError) throw err;
    if (isDiskFull(err)) throw new HttpError(507, 'disk_full', `upload: disk full at the server's uploads folder; ${relpath} was not stored`);
    throw new HttpError(400, 'io_error', `upload: ${relpath} did not arrive whole (${(err as Error).message})`);
  }
  fs.renameSync(partial, file);
  return { uploadId, path: path.join(root, segments[0]!), file, bytes };
}
