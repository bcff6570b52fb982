import { errorMessage } from '../format';

/**
 * A delete waiting for the user's confirmation: what is to be deleted, whether it is under way, and
 * why it failed (the dialog stays open on failure, showing it).
 */
export class PendingDelete<T> {
  target = $state.raw<T | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  ask(target: T): void {
    this.error = null;
    this.target = target;
  }

  cancel(): void {
    this.target = null;
  }

  async confirm(remove: (target: T) => Promise<unknown>): Promise<void> {
    const target = this.target;
    if (target === null) return;
    this.busy = true;
    this.error = null;
    try {
      await remove(target);
      this.target = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }
}
