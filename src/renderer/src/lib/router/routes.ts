/**
 * The app's screens as data. Routes live in the URL hash (#/studies/3) so a reload, the back button
 * and a copied link all land on the same screen in Electron (file://) and in serve mode alike.
 */
export type Route =
  | { name: 'studies' }
  | { name: 'new-study'; /** Prefill: a spec as YAML (clone best config, a dropped spec). */ fromYaml?: string; datasetId?: string }
  | { name: 'study'; studyId: number; runId?: number }
  | { name: 'run'; runId: number }
  | { name: 'datasets'; datasetId?: string }
  | { name: 'settings' };

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'studies':
      return '#/studies';
    case 'new-study':
      return route.datasetId ? `#/new?dataset=${encodeURIComponent(route.datasetId)}` : '#/new';
    case 'study':
      return route.runId ? `#/studies/${route.studyId}?run=${route.runId}` : `#/studies/${route.studyId}`;
    case 'run':
      return `#/runs/${route.runId}`;
    case 'datasets':
      return route.datasetId ? `#/datasets/${encodeURIComponent(route.datasetId)}` : '#/datasets';
    case 'settings':
      return '#/settings';
  }
}

/** Unknown or malformed hashes fall back to the studies list rather than a blank screen. */
export function hashToRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = pathPart.split('/').filter(Boolean);
  const id = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  if (parts[0] === 'new') return { name: 'new-study', datasetId: params.get('dataset') ?? undefined };
  if (parts[0] === 'studies' && id(parts[1]) !== null) {
    const runId = id(params.get('run') ?? undefined);
    return { name: 'study', studyId: id(parts[1])!, ...(runId !== null ? { runId } : {}) };
  }
  if (parts[0] === 'runs' && id(parts[1]) !== null) return { name: 'run', runId: id(parts[1])! };
  if (parts[0] === 'datasets') return parts[1] ? { name: 'datasets', datasetId: decodeURIComponent(parts[1]) } : { name: 'datasets' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'studies' };
}

/** What every screen receives to move elsewhere. `fromYaml` travels in memory, not in the URL. */
export type Navigate = (route: Route) => void;
