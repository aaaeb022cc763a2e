import * as Y from 'yjs';
import { createDocs, type WorkspaceDocs } from '../../../src/store/docs.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { Repository, type Actor } from '../../../src/store/repository.ts';
import type { DocKey } from '../../../src/domain/routing.ts';

/** A replica: its own docs and repository, docs in memory. */
export function replica(actor: Actor = { memberId: 'm1', role: 'admin' }, now?: () => number) {
  const docs = createDocs();
  seedDefaults(docs.config, { id: 'm1' });
  return { docs, repo: new Repository({ docs, actor, now }) };
}

/** Every doc of a workspace in memory, config first, shards by key. */
export function docsOf(docs: WorkspaceDocs): [DocKey, Y.Doc][] {
  return [['config', docs.config], ...docs.loadedDocs().sort(([a], [b]) => a.localeCompare(b))];
}

/** Full two-way exchange of every doc (config and each shard either side has). */
export function sync(a: WorkspaceDocs, b: WorkspaceDocs) {
  const keys = new Set([...docsOf(a), ...docsOf(b)].map(([k]) => k));
  for (const key of keys) {
    const da = a.doc(key);
    const db = b.doc(key);
    const ua = Y.encodeStateAsUpdate(da, Y.encodeStateVector(db));
    const ub = Y.encodeStateAsUpdate(db, Y.encodeStateVector(da));
    Y.applyUpdate(db, ua, 'remote');
    Y.applyUpdate(da, ub, 'remote');
  }
}

/** The state of every non-empty doc (a doc made empty by a read on one replica does not count). */
export function snapshot(docs: WorkspaceDocs) {
  return docsOf(docs)
    .map(([k, d]) => [k, Y.encodeStateAsUpdate(d)] as const)
    .filter(([, u]) => u.byteLength > 2)
    .map(([k, u]) => `${k}:${Buffer.from(u).toString('base64')}`)
    .join('|');
}
