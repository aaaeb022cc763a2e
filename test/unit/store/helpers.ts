import * as Y from 'yjs';
import { createDocs, type WorkspaceDocs } from '../../../src/store/docs.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { Repository, type Actor } from '../../../src/store/repository.ts';

/** A replica: its own docs and repository, docs in memory. */
export function replica(actor: Actor = { memberId: 'm1', role: 'admin' }, now?: () => number) {
  const docs = createDocs();
  seedDefaults(docs.config, { id: 'm1' });
  return { docs, repo: new Repository({ docs, actor, now }) };
}

/** Full two-way exchange of all three docs. */
export function sync(a: WorkspaceDocs, b: WorkspaceDocs) {
  for (const name of ['config', 'records', 'activities'] as const) {
    const ua = Y.encodeStateAsUpdate(a[name], Y.encodeStateVector(b[name]));
    const ub = Y.encodeStateAsUpdate(b[name], Y.encodeStateVector(a[name]));
    Y.applyUpdate(b[name], ua, 'remote');
    Y.applyUpdate(a[name], ub, 'remote');
  }
}

export function snapshot(docs: WorkspaceDocs) {
  return Object.values(docs).map((d) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64')).join('|');
}
