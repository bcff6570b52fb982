/**
 * Light or dark: follows the system unless the user picked one in Settings (kept in localStorage: a
 * display preference of this browser or window, not of the data directory). The choice lands on
 * <html data-theme="light|dark">, which global.css keys its colours on; charts read `dark` to redraw.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'hps-theme';

function storedChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system'; // storage blocked: follow the system
  }
}

class ThemeState {
  choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  dark = $derived(this.choice === 'dark' || (this.choice === 'system' && this.#systemDark));

  /** Reads the stored choice and follows the system setting; returns the function that stops following. */
  start(): () => void {
    this.choice = storedChoice();
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    this.#systemDark = media.matches;
    const onChange = (e: MediaQueryListEvent) => {
      this.#systemDark = e.matches;
      this.#apply();
    };
    media.addEventListener('change', onChange);
    this.#apply();
    return () => media.removeEventListener('change', onChange);
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, choice);
    } catch {
      // not persisted; still applied for this session
    }
    this.#apply();
  }

  #apply(): void {
    document.documentElement.dataset.theme = this.dark ? 'dark' : 'light';
    document.documentElement.style.colorScheme = this.dark ? 'dark' : 'light';
  }
}

export const theme = new ThemeState();
