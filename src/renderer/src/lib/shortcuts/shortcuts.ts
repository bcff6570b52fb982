/**
 * Keyboard shortcuts: one list that both the key handler and the help overlay (press ?) read, so the
 * overlay can never list a key that does nothing. Screens register the handlers of their scope while
 * they are mounted; the app registers the global ones.
 */
export type ShortcutScope = 'global' | 'study' | 'run';

export interface ShortcutInfo {
  /** What the user presses, as shown: "?", "g then s", "/". */
  keys: string;
  /** The key sequence matched: ['g', 's'] for "g then s". */
  sequence: string[];
  scope: ShortcutScope;
  does: string;
}

export const SHORTCUTS: readonly ShortcutInfo[] = [
  { keys: '?', sequence: ['?'], scope: 'global', does: 'Show or hide this list' },
  { keys: 'g then s', sequence: ['g', 's'], scope: 'global', does: 'Go to the studies' },
  { keys: 'g then d', sequence: ['g', 'd'], scope: 'global', does: 'Go to the datasets' },
  { keys: 'g then n', sequence: ['g', 'n'], scope: 'global', does: 'New study' },
  { keys: 'g then ,', sequence: ['g', ','], scope: 'global', does: 'Go to the settings' },
  { keys: '/', sequence: ['/'], scope: 'study', does: 'Filter the runs' },
  { keys: 'r', sequence: ['r'], scope: 'study', does: 'Move to the run table' },
  { keys: 'c', sequence: ['c'], scope: 'study', does: 'Compare the selected runs' },
  { keys: 'x', sequence: ['x'], scope: 'study', does: 'Clear the brush' },
  { keys: 'Esc', sequence: ['Escape'], scope: 'study', does: 'Clear the selection' },
  { keys: 'u', sequence: ['u'], scope: 'run', does: 'Up to the study' },
  { keys: '[', sequence: ['['], scope: 'run', does: 'Previous trial' },
  { keys: ']', sequence: [']'], scope: 'run', does: 'Next trial' },
];

/** Keys typed into a field are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'range', 'submit'].includes(type);
}

type Handler = () => void;
const handlers = new Map<string, Handler>();

/** Registers handlers for sequences ('g s' or '/'); returns the function that removes them. */
export function registerShortcuts(map: Record<string, Handler>): () => void {
  for (const [seq, fn] of Object.entries(map)) handlers.set(seq, fn);
  return () => {
    for (const [seq, fn] of Object.entries(map)) if (handlers.get(seq) === fn) handlers.delete(seq);
  };
}

/**
 * The window's keydown listener: matches single keys and two-key sequences (the first key waits up
 * to 1.5 s for the second). Ignores keys with Ctrl/Alt/Meta, keys typed into fields and keys while a
 * modal dialog is open (the dialog owns them).
 */
export function createShortcutListener(): (e: KeyboardEvent) => void {
  let pending: string | null = null;
  let pendingAt = 0;
  return (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
    if (document.querySelector('dialog[open]') && e.key !== '?') return;
    const now = e.timeStamp;
    const key = e.key;
    if (pending !== null && now - pendingAt < 1500) {
      const fn = handlers.get(`${pending} ${key}`);
      pending = null;
      if (fn) {
        e.preventDefault();
        fn();
        return;
      }
    }
    if ([...handlers.keys()].some((k) => k.startsWith(`${key} `))) {
      pending = key;
      pendingAt = now;
      return;
    }
    const fn = handlers.get(key);
    if (fn) {
      e.preventDefault();
      fn();
    }
  };
}
