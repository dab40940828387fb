/**
 * Light and dark themes: the system's choice unless the owner picked one (kept in localStorage). The theme is a
 * `data-theme` attribute on <html>, so the stylesheet alone decides the colours.
 */
export type Theme = 'light' | 'dark';
const KEY = 'iotwarden-theme';

export function currentTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme = currentTheme()): void {
  document.documentElement.dataset.theme = theme;
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(KEY, next);
  applyTheme(next);
  return next;
}
