import type { ApiInput, SettingsDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';

/** The Settings screen: load once, save each change as it is made (no Save button to forget). */
export class SettingsState {
  settings = $state.raw<SettingsDto | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);
  savedAt = $state<number | null>(null);

  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      this.settings = await this.#api.call('settings.get');
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  async save(patch: ApiInput<'settings.set'>): Promise<void> {
    this.saving = true;
    try {
      this.settings = await this.#api.call('settings.set', patch);
      this.error = null;
      this.savedAt = Date.now();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.saving = false;
    }
  }
}
