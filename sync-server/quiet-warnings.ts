/**
 * Node 22 prints "ExperimentalWarning: SQLite is an experimental feature…" when `node:sqlite`
 * loads (the relay's projection and webhook queue use it on purpose). An operator need not read
 * that at every start. Only that one warning is dropped: every other warning, experimental or
 * not, is emitted as before. `main.ts` installs it before it imports (dynamically) anything that loads `node:sqlite`:
 * a static import graph links Node's built-in modules before any module runs.
 */
type EmitWarning = typeof process.emitWarning;

/** True for Node's experimental-feature warning about SQLite, and nothing else. */
export function isSqliteExperimentalWarning(warning: string | Error, typeOrOptions?: unknown): boolean {
  const type = warning instanceof Error ? warning.name
    : typeof typeOrOptions === 'string' ? typeOrOptions
      : (typeOrOptions as { type?: string } | undefined)?.type;
  const message = warning instanceof Error ? warning.message : warning;
  return type === 'ExperimentalWarning' && /\bSQLite\b/.test(String(message));
}

/** Wraps `proc.emitWarning` so that the SQLite experimental warning is dropped; returns the undo. */
export function quietSqliteWarning(proc: { emitWarning: EmitWarning } = process): () => void {
  const emit = proc.emitWarning;
  proc.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    return (emit as (...args: unknown[]) => void).call(proc, warning, ...rest);
  } as EmitWarning;
  return () => { proc.emitWarning = emit; };
}
