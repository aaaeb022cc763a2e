import type { Collection } from '../../domain/index.ts';
import { SEP } from '../../layout/records-doc.ts';
import { recordMaps } from '../layout.ts';
import type { Repository } from '../repository.ts';

/**
 * Ids of the records (trashed ones too) whose `field` satisfies `test`: a scan of the flat keys
 * of one field, without reading whole records. Merge uses it to find every reference.
 */
export function idsWhere(repo: Repository, collection: Collection, field: string, test: (value: unknown) => boolean): string[] {
  const suffix = SEP + field;
  const out: string[] = [];
  for (const map of recordMaps(repo.docs, collection)) {
    for (const [key, value] of map.entries()) if (key.endsWith(suffix) && test(value)) out.push(key.slice(0, -suffix.length));
  }
  return out;
}

/**
 * Follows `mergedInto` from a record to the one that absorbed it (the record itself when it was
 * never merged). Two teammates merging two records into each other offline make a cycle: the
 * smallest id of the cycle is then the answer, the same on every replica.
 */
export function resolveMerged(repo: Repository, collection: Collection, id: string): string {
  const seen: string[] = [];
  let cur = id;
  while (!seen.includes(cur)) {
    seen.push(cur);
    const next = (repo.get(collection, cur, { includeDeleted: true }) as Record<string, unknown> | undefined)?.mergedInto as string | undefined;
    if (!next) return cur;
    cur = next;
  }
  const cycle = seen.slice(seen.indexOf(cur));
  return cycle.sort()[0];
}
