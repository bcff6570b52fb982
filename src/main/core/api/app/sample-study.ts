import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';

export const SAMPLE_STUDY_FILE = path.join('samples', 'mlp-binary.yaml');

/**
 * Where `resources/` is: next to the bundle in a checkout (out/node/cli.js and out/main/index.js are
 * both two levels below the root), under process.resourcesPath in a packaged app, or HPS_RESOURCES_DIR.
 */
export function resourceDirCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  return [
    env.HPS_RESOURCES_DIR,
    path.resolve(__dirname, '..', '..', 'resources'),
    packaged ? path.join(packaged, 'resources') : undefined,
    path.resolve(process.cwd(), 'resources'),
  ].filter((d): d is string => typeof d === 'string');
}

/** The sample study's YAML text, from the first resources directory that has it. */
export function readSampleStudyYaml(candidates = resourceDirCandidates()): string {
  for (const dir of candidates) {
    const file = path.join(dir, SAMPLE_STUDY_FILE);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new AppError('not_found', `${SAMPLE_STUDY_FILE}: the sample study is not installed (looked in ${candidates.join(', ')})`);
}
