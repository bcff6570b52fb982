import type { ApiClient } from '../api';
import type { Navigate } from '../router/routes';

/**
 * First launch of an empty data directory: create and start the sample study and open it, so a new
 * user sees trials train at once. main answers `firstLaunch: true` only once per data directory.
 * Returns whether it started the sample.
 */
export async function startSampleOnFirstLaunch(api: ApiClient, navigate: Navigate): Promise<boolean> {
  const { firstLaunch } = await api.call('app.firstLaunch');
  if (!firstLaunch) return false;
  const study = await runSampleStudy(api);
  navigate({ name: 'study', studyId: study.id });
  return true;
}

/** Creates and starts the built-in sample study (the Studies screen's "Run the sample study"). */
export async function runSampleStudy(api: ApiClient): Promise<{ id: number }> {
  const sample = await api.call('app.sampleStudy');
  const existing = (await api.call('studies.list')).map((s) => s.name);
  // Names are unique; a second sample run gets "mlp-binary-2" rather than an error.
  const name = uniqueName(sample.spec.name, existing);
  return name === sample.spec.name ? api.call('studies.create', { yaml: sample.yaml }) : api.call('studies.create', { spec: { ...sample.spec, name } });
}

export function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}
