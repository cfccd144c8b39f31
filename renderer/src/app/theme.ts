// Theme choice (dark by default; shops are dim and screens stay on), kept in localStorage and applied to <html>.
export type Theme = 'dark' | 'light';
const KEY = 'printfarm.theme';

export function currentTheme(): Theme {
  return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
}

export function applyTheme(theme: Theme = currentTheme()): void {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem(KEY, theme);
}
