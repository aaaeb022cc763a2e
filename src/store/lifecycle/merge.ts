import { NotFoundError, RuleError, collections, parsePatch, type Collection, type RecordOf, type RecordRef } from '../../domain/index.ts';
import { mergedLinks, planMerge, type MergeChoices } from '../../domain/lifecycle/index.ts';
import type { Change, Repository } from '../repository.ts';
import { idsWhere } from './refs.ts';

export type MergeCollection = 'leads' | 'people' | 'companies' | 'opportunities';
export type MergeResult<C extends MergeCollection> = { winner: RecordOf<C>; batchId: string; repointed: { collection: Collection; id: string; field: string }[] };

type R = Record<string, unknown>;
/** Which fields of which collections hold a reference to a record of each type. */
export const REFERENCES: Record<MergeCollection, { collection: Collection; field: string; get: (v: unknown) => unknown; set: (v: unknown, to: string) => unknown }[]> = {
  people: [
    { collection: 'opportunities', field: 'primaryPersonId', get: (v) => v, set: (_, to) => to },
    { collection: 'leads', field: 'convertedTo', get: (v) => (v as R)?.personId, set: (v, to) => ({ ...(v as R), personId: to }) },
  ],
  companies: [
    { collection: 'people', field: 'companyId', get: (v) => v, set: (_, to) => to },
    { collection: 'opportunities', field: 'companyId', get: (v) => v, set: (_, to) => to },
    { collection: 'leads', field: 'convertedTo', get: (v) => (v as R)?.companyId, set: (v, to) => ({ ...(v as R), companyId: to }) },
  ],
  opportunities: [
    { collection: 'leads', field: 'convertedTo', get: (v) => (v as R)?.opportunityId, set: (v, to) => ({ ...(v as R), opportunityId: to }) },
  ],
  leads: [],
};

/**
 * Merges `loserId` into `winnerId` as one batch (undoable with `undoBatch`): the winner takes
 * the chosen field values and the union of the lists; every reference to the loser (tasks,
 * opportunities, people of a company, conversion links) is re-pointed to the winner; the loser
 * goes to the trash with `mergedInto`, and the winner lists it in `mergedFromIds` so its
 * activities show on the winner's timeline. Converted leads can't be merged (merge their people).
 * Without `candidates` the references are found by scanning every record shard (tests, the CLI,
 * the relay); the engine passes the read model's candidates and loads only their shards.
 */
export function mergeRecords<C extends MergeCollection>(repo: Repository, collection: C, winnerId: string, loserId: string, choices: MergeChoices = {}, candidates?: readonly RecordRef[]): MergeResult<C> {
  repo.assertCanWrite();
  // A record merged earlier (here, or by a teammate) is in the trash pointing at its winner:
  // say so, rather than "no such record", so the user knows where its data went.
  for (const [id, path] of [[winnerId, 'winnerId'], [loserId, 'loserId']] as const) {
    const into = (repo.get(collection, id, { includeDeleted: true }) as R | undefined)?.mergedInto;
    if (typeof into === 'string') throw new RuleError(`This ${collections[collection].label} was already merged into another record`, path);
  }
  const winner = repo.get(collection, winnerId) as R | undefined;
  const loser = repo.get(collection, loserId) as R | undefined;
  if (!winner) throw new NotFoundError(collection, winnerId);
  if (!loser) throw new NotFoundError(collection, loserId);
  if (collection === 'leads' && (winner.convertedAt !== undefined || loser.convertedAt !== undefined)) {
    throw new RuleError('A converted lead cannot be merged: merge the people it became instead', 'convertedAt');
  }
  const plan = planMerge(collection, winner, loser, choices);
  // The merged winner must still be a valid record (a list over its cap, a retired value…).
  const patch: R = { ...plan.set };
  for (const f of plan.clear) patch[f] = null;
  if (Object.keys(patch).length) parsePatch(collection, winner, patch, repo.customDefs());

  const changes: Change[] = [
    { collection, id: winnerId, op: 'update', set: { ...plan.set, ...mergedLinks({ ...winner, id: winnerId }, { ...loser, id: loserId }) }, clear: plan.clear, provenance: plan.provenance },
    { collection, id: loserId, op: 'update', set: { mergedInto: winnerId } },
    { collection, id: loserId, op: 'delete' },
  ];
  const repointed: MergeResult<C>['repointed'] = [];
  const repoint = (c: Collection, field: string, test: (v: unknown) => boolean, set: (v: unknown) => unknown) => {
    // `candidates` (from the read model: `mergeCandidates`) spares a scan of every record shard;
    // each is checked against its doc, so a stale row repoints nothing it should not.
    const ids = candidates ? candidates.filter((r) => r.type === c).map((r) => r.id) : idsWhere(repo, c, field, test);
    for (const id of ids) {
      const record = repo.get(c, id, { includeDeleted: true }) as R | undefined;
      if (candidates && !test(record?.[field])) continue;
      // A teammate's edit of a record can arrive before the record itself (the network reorders):
      // its keys are here, the record is not readable yet. Nothing to repoint on this replica;
      // readers follow `mergedInto` for it, as for a record created elsewhere at the same time.
      if (!record) continue;
      changes.push({ collection: c, id, op: 'update', set: { [field]: set(record[field]) } });
      repointed.push({ collection: c, id, field });
    }
  };
  for (const ref of REFERENCES[collection]) repoint(ref.collection, ref.field, (v) => ref.get(v) === loserId, (v) => ref.set(v, winnerId));
  repoint('tasks', 'related', (v) => (v as RecordRef)?.type === collection && (v as RecordRef).id === loserId, () => ({ type: collection, id: winnerId }));
  const { batchId } = repo.applyChanges(changes);
  return { winner: repo.get(collection, winnerId) as RecordOf<C>, batchId, repointed };
}
