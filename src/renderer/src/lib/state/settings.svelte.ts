import type { ApiInput, DevicesDto, SettingsDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';

/** The Settings screen: load once, save each change as it is made (no Save button to forget). */
export class SettingsState {
  settings = $state.raw<SettingsDto | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);
  savedAt = $state<number | null>(null);
  devices = $state.raw<DevicesDto | null>(null);
  devicesError = $state<string | null>(null);

  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(): Promise<void> {
    // Apart: the owner may still be probing its GPUs (a second or two); the settings need not wait.
    void this.loadDevices();
    try {
      this.settings = await this.#api.call('settings.get');
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  async loadDevices(): Promise<void> {
    try {
      this.devices = await this.#api.call('devices.list');
      this.devicesError = null;
    } catch (err) {
      this.devicesError = errorMessage(err);
    }
  }

  async save(patch: ApiInput<'settings.set'>): Promise<void> {
    this.saving = true;
    try {
      this.settings = await this.#api.call('settings.set', patch);
      this.error = null;
      this.savedAt = Date.now();
      // Trials per device changed: the list shows them.
      if (patch.concurrency !== undefined || patch.gpuTrials !== undefined) void this.loadDevices();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.saving = false;
    }
  }
}
