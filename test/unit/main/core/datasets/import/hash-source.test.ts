import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSource } from '../../../../../../src/main/core/datasets/import/hash-source';
import { useTempDir } from '../../../../../helpers/temp-dir';

describe('hashSource', () => {
  const tempDir = useTempDir();

  it('depends on content and options, not on where the data lives', async () => {
    const a = tempDir();
    const b = tempDir();
    for (const d of [a, b]) {
      fs.mkdirSync(path.join(d, 'cat'));
      fs.writeFileSync(path.join(d, 'cat', '1.png'), 'pixels');
    }
    expect(await hashSource(a, { seed: 0 })).toBe(await hashSource(b, { seed: 0 }));
    expect(await hashSource(a, { seed: 0 })).not.toBe(await hashSource(a, { seed: 1 }));
    fs.writeFileSync(path.join(b, 'cat', '1.png'), 'pixelz');
    expect(await hashSource(a, { seed: 0 })).not.toBe(await hashSource(b, { seed: 0 }));
    // A file moved to another class folder is different data.
    fs.mkdirSync(path.join(b, 'dog'));
    fs.renameSync(path.join(b, 'cat', '1.png'), path.join(b, 'dog', '1.png'));
    fs.writeFileSync(path.join(b, 'dog', '1.png'), 'pixels');
    expect(await hashSource(a, { seed: 0 })).not.toBe(await hashSource(b, { seed: 0 }));
  });
});
