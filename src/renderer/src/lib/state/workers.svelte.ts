import type { WorkersListDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';

/** How often the panel asks: a worker beats every second and counts as lost after ten. */
export const WORKERS_POLL_MS = 2000;

/** The remote workers of the owner's Redis, refreshed while the Settings screen shows them. */
export class WorkersState {
  list = $state.raw<WorkersListDto | null>(null);
  error = $state<string | null>(null);

  readonly #api: ApiClient;
  #timer: ReturnType<typeof setInterval> | null = null;
  #loading = false;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(): Promise<void> {
    if (this.#loading) return; // a slow Redis: never two calls in flight
    this.#loading = true;
    try {
      this.list = await this.#api.call('workers.list');
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.#loading = false;
    }
  }

  /** Loads now and every WORKERS_POLL_MS; returns the stop. */
  poll(): () => void {
    void this.load();
    this.#timer = setInterval(() => void this.load(), WORKERS_POLL_MS);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}
