import { expect } from 'vitest';
import { createDocs, type WorkspaceDocs } from '../../../src/store/docs.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { Repository, type Actor } from '../../../src/store/repository.ts';
import { snapshot, sync } from '../store/helpers.ts';

/** A workspace in memory: seeded config, an admin repository and a clock that ticks. */
export function workspace(actor: Actor = { memberId: 'm1', role: 'admin' }) {
  const docs = createDocs();
  seedDefaults(docs.config, { id: 'm1' });
  let t = 1_000;
  const repo = new Repository({ docs, actor, now: () => (t += 10) });
  return { docs, repo, as: (a: Actor) => new Repository({ docs, actor: a, now: () => (t += 10) }) };
}

export { snapshot } from '../store/helpers.ts';

/** Runs `fn`, expects it to throw `kind` (with `path` when given), and that nothing was written. */
export function refused(docs: WorkspaceDocs, fn: () => unknown, kind: new (...a: never[]) => Error, path?: string): Error {
  const before = snapshot(docs);
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error, 'expected a refusal').toBeInstanceOf(kind);
  if (path !== undefined) {
    const e = error as { path?: string; issues?: { path: string }[] };
    expect(e.path ?? e.issues?.map((i) => i.path)).toEqual(e.path !== undefined ? path : expect.arrayContaining([path]));
  }
  expect(snapshot(docs), 'a refused operation wrote something').toBe(before);
  return error as Error;
}

/** Full exchange of every doc (config and each shard) between replicas. */
export function syncAll(...all: WorkspaceDocs[]) {
  for (const a of all) for (const b of all) if (a !== b) sync(a, b);
}
