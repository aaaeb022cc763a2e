import * as Y from 'yjs';
import { shardOf } from '../src/domain/routing.ts';
import { createDocs, type WorkspaceDocs } from '../src/store/docs.ts';
import { seedDefaults } from '../src/store/config-store.ts';
import { Repository } from '../src/store/repository.ts';
import { recordKey } from '../src/store/layout.ts';
import { watchConflicts } from '../src/store/conflicts.ts';
import type { BenchResult } from './types.ts';

/**
 * K3 (issue 14 §3): the cost of conflict detection per remote update. Three replicas of one
 * record shard as large as a 50k-record workspace makes them (~200 records of 8 fields, every
 * title edited 10 times before, so each key's item list is that deep). B edits a title; the
 * update is applied to A (detection on, as the engine wires it) and to C (no detection, the
 * same state): C is the same-run baseline. Half the updates are concurrent with an edit of the
 * same field on A/C (a conflict found and kept), half are sequential (nothing to find).
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 1000) / 1000;

function replica(memberId: string) {
  const docs = createDocs();
  seedDefaults(docs.config, { id: memberId });
  return { docs, repo: new Repository({ docs, actor: { memberId, role: 'admin' } }) };
}
const send = (from: WorkspaceDocs, to: WorkspaceDocs, key: Parameters<WorkspaceDocs['doc']>[0]) =>
  Y.applyUpdate(to.doc(key), Y.encodeStateAsUpdate(from.doc(key), Y.encodeStateVector(to.doc(key))), 'remote');

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const a = replica('ann');
  const b = replica('bob');
  const c = replica('cem');
  watchConflicts(a.docs, (found) => a.repo.recordDropped(found));
  // ~200 records in one shard: 50k records over 256 shards.
  const ids: string[] = [];
  for (let k = 0; ids.length < 200; k++) if (shardOf(`rec${k}`) === 7) ids.push(`rec${k}`);
  const key = recordKey(ids[0]);
  for (const id of ids) {
    a.repo.create('leads', { name: { first: 'Ada', last: id }, title: 'CTO', companyName: 'Acme', email: `${id}@acme.example`, phones: [{ number: '+1 415 555 0100' }], statusId: 'new', sourceId: 'conference' }, { id });
    for (let e = 0; e < 10; e++) a.repo.update('leads', id, { title: `T${e}` });
  }
  for (const r of [b, c]) send(a.docs, r.docs, key);

  const runs = quick ? 200 : 1000;
  const times = { conc: [[], []] as number[][], seq: [[], []] as number[][] };
  for (let i = 0; i < runs; i++) {
    const id = ids[(i * 37) % ids.length];
    const concurrent = i % 2 === 0;
    if (concurrent) { a.repo.update('leads', id, { title: `a${i}` }); send(a.docs, c.docs, key); }
    b.repo.update('leads', id, { title: `b${i}` });
    const update = Y.encodeStateAsUpdate(b.docs.doc(key), Y.encodeStateVector(a.docs.doc(key)));
    const bucket = concurrent ? times.conc : times.seq;
    // Alternate which replica goes first: neither gets the warm caches every time.
    const order = i % 4 < 2 ? [0, 1] : [1, 0];
    for (const which of order) {
      const doc = (which === 0 ? a : c).docs.doc(key);
      const t0 = performance.now();
      Y.applyUpdate(doc, update, 'remote');
      bucket[which].push(performance.now() - t0);
    }
    send(a.docs, b.docs, key);
  }
  const fig = (id: string, [withD, without]: number[][], what: string): BenchResult => {
    const v = median(withD);
    const base = median(without);
    return {
      id, value: round(v), unit: 'ms', baseline: round(base), ratio: base ? round(v / base) : null,
      goal: '<= 1 ms median added per remote update (value - baseline)',
      note: `${what}: apply a remote update with detection vs without (same run), ${withD.length} updates, 200 records in the shard, key lists 11+ deep; added ${round(v - base)} ms`,
    };
  };
  return [fig('K3', times.conc, 'concurrent edits (a conflict found and kept)'), fig('K3-seq', times.seq, 'sequential edits (nothing to find)')];
}
