export type ThemeChoice = 'system' | 'light' | 'dark';

/** Applies a theme choice: 'system' follows prefers-color-scheme, the others override it. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
