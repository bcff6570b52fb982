/**
 * The app's screens as data. Routes live in the URL hash (#/studies/3) so a reload, the back button
 * and a copied link all land on the same screen in Electron (file://) and in serve mode alike. Runs are
 * named by their study and trial number (#/studies/3/trials/5), as users know them; internal run ids
 * never reach the URL (an old #/runs/9 link still opens, and is rewritten).
 */
export type Route =
  | { name: 'studies' }
  | { name: 'new-study'; /** Prefill: a spec as YAML (clone best config, a dropped spec). */ fromYaml?: string; datasetId?: string }
  | { name: 'study'; studyId: number; /** A trial to select on open. */ trial?: number }
  | { name: 'run'; studyId: number; trial: number }
  | { name: 'legacy-run'; runId: number }
  | { name: 'compare'; studyId: number; trials: number[] }
  | { name: 'datasets'; datasetId?: string }
  | { name: 'settings' };

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'studies':
      return '#/studies';
    case 'new-study':
      return route.datasetId ? `#/new?dataset=${encodeURIComponent(route.datasetId)}` : '#/new';
    case 'study':
      return route.trial ? `#/studies/${route.studyId}?trial=${route.trial}` : `#/studies/${route.studyId}`;
    case 'run':
      return `#/studies/${route.studyId}/trials/${route.trial}`;
    case 'legacy-run':
      return `#/runs/${route.runId}`;
    case 'compare':
      return `#/studies/${route.studyId}/compare?trials=${route.trials.join(',')}`;
    case 'datasets':
      return route.datasetId ? `#/datasets/${encodeURIComponent(route.datasetId)}` : '#/datasets';
    case 'settings':
      return '#/settings';
  }
}

const id = (s: string | undefined | null): number | null => (s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null);

/** Unknown or malformed hashes fall back to the studies list rather than a blank screen. */
export function hashToRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = pathPart.split('/').filter(Boolean);
  if (parts[0] === 'new') return { name: 'new-study', datasetId: params.get('dataset') ?? undefined };
  const studyId = parts[0] === 'studies' ? id(parts[1]) : null;
  if (studyId !== null) {
    if (parts[2] === 'trials' && id(parts[3]) !== null) return { name: 'run', studyId, trial: id(parts[3])! };
    if (parts[2] === 'compare') {
      const trials = (params.get('trials') ?? '').split(',').map(id).filter((t): t is number => t !== null);
      if (trials.length > 0) return { name: 'compare', studyId, trials };
    }
    const trial = id(params.get('trial'));
    return { name: 'study', studyId, ...(trial !== null ? { trial } : {}) };
  }
  if (parts[0] === 'runs' && id(parts[1]) !== null) return { name: 'legacy-run', runId: id(parts[1])! };
  if (parts[0] === 'datasets') return parts[1] ? { name: 'datasets', datasetId: decodeURIComponent(parts[1]) } : { name: 'datasets' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'studies' };
}

/** What every screen receives to move elsewhere. `fromYaml` travels in memory, not in the URL. */
export type Navigate = (route: Route) => void;

/** The key a screen is rebuilt on: a new study, trial or comparison starts from a fresh state. */
export function screenKey(route: Route): string {
  // The Datasets screen follows its selected dataset itself, keeping the import panel's open options
  // and a running import's progress across the move to the imported dataset.
  if (route.name === 'datasets') return 'datasets';
  return routeToHash(route).split('?')[0]!.replace(/^#\//, '') + (route.name === 'compare' ? `?${route.trials.join(',')}` : '');
}
