import { hashToRoute, routeToHash, type Route } from '../router/routes';

/**
 * The current route, from the URL hash. `fromYaml` cannot live in the URL (too long, and private), so
 * it rides along in memory with the navigation that set it and survives the hashchange it causes.
 */
export class RouterState {
  route = $state.raw<Route>({ name: 'studies' });

  constructor(initialHash: string) {
    this.route = hashToRoute(initialHash);
  }

  navigate = (route: Route): void => {
    const hash = routeToHash(route);
    this.route = route;
    if (window.location.hash !== hash) window.location.hash = hash;
  };

  /** Follows back/forward and typed URLs; returns the function that stops following. */
  listen(): () => void {
    const onHashChange = (): void => {
      // Our own navigate already set the route (with its in-memory extras): keep it.
      if (routeToHash(this.route) === window.location.hash) return;
      this.route = hashToRoute(window.location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }
}
