import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `source` (itself when it is a file), sorted by relative path so the order is stable. */
export function listSourceFiles(source: string): { abs: string; rel: string; size: number }[] {
  const stat = fs.statSync(source);
  if (!stat.isDirectory()) return [{ abs: source, rel: path.basename(source), size: stat.size }];
  const out: { abs: string; rel: string; size: number }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue; // .DS_Store, .git: not data
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out.push({ abs, rel: path.relative(source, abs).split(path.sep).join('/'), size: fs.statSync(abs).size });
    }
  };
  walk(source);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Content id of an import: sha256 over the files' relative paths and bytes plus the options that
 * change the result (target, split, seed, …). The same data imported twice with the same options is
 * one dataset; renaming the folder does not change it.
 */
export async function hashSource(source: string, options: unknown, onBytes?: (done: number, total: number) => void): Promise<string> {
  const files = listSourceFiles(source);
  const total = files.reduce((a, f) => a + f.size, 0);
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify(options));
  let done = 0;
  for (const f of files) {
    hash.update(`\0${f.rel}\0${f.size}\0`);
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(f.abs, { highWaterMark: 1 << 20 })
        .on('data', (chunk) => {
          hash.update(chunk);
          done += chunk.length;
          onBytes?.(done, total);
        })
        .on('error', reject)
        .on('end', () => resolve());
    });
  }
  return hash.digest('hex');
}
