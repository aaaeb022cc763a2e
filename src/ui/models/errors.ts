import type { FieldError } from '../ports.ts';

/** The engine's field issues, or one general message: what a form shows next to its fields. */
export function fieldErrors(e: unknown): FieldError[] {
  const err = e as { issues?: FieldError[]; message?: string };
  return err?.issues?.length ? err.issues : [{ path: '', message: err?.message ?? String(e) }];
}

/** Errors about `path` (or one of its parts: "name" covers "name.first"), each message once. */
export function errorFor(errors: FieldError[], path: string): string {
  return [...new Set(errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => e.message))].join('; ');
}

export const batchId = () => globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20);
