import { signal } from '@preact/signals';
import type { ComponentType, FunctionComponent } from 'preact';

export type Lazy<P> = FunctionComponent<P> & { preload(): Promise<void> };

/**
 * A component whose code is a chunk of its own, loaded at its first render or by `preload()`:
 * the side panel's first list paints without the capture form's, the record page's or the
 * dialogs' code, which the composition root preloads right after it (docs/architecture.md,
 * "The side panel's first paint"). Renders nothing until the chunk is there.
 */
export function lazy<P>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let loading: Promise<void> | null = null;
  const preload = () => (loading ??= load().then(
    (c) => { loaded.value = c; },
    (e: unknown) => { loading = null; console.error('Outpost: a view\'s code did not load', e); },
  ));
  const View: FunctionComponent<P> = (props) => {
    const C = loaded.value;
    if (!C) { void preload(); return null; }
    return <C {...props} />;
  };
  return Object.assign(View, { preload });
}
