import { newId, type Activity, type Collection, type RecordRef } from '../../domain/index.ts';
import { systemActivity } from '../../layout/record-write.ts';
import { recordCreateRules, recordUpdateRules, timelineFields, type ConfigView, type RuleContext } from '../../domain/lifecycle/index.ts';
import { readConfig } from '../config-store.ts';
import { ORIGIN } from '../docs.ts';
import { writeActivity } from '../layout.ts';
import type { Repository } from '../repository.ts';

type Fields = Record<string, unknown>;

/** What the domain's record rules need from the store: its config, clock and live records. */
function ruleContext(repo: Repository): RuleContext {
  return { config: readConfig(repo.docs.config) as ConfigView, now: repo.now(), isLive: (collection, id) => !!repo.get(collection, id) };
}

/** The lifecycle rules the repository runs on every create (src/domain/lifecycle/record-rules.ts). */
export function createRules(repo: Repository, collection: Collection, fields: Fields): void {
  recordCreateRules(ruleContext(repo), collection, fields);
}

export function updateRules(repo: Repository, collection: Collection, current: Fields, set: Fields, clear: string[]): void {
  recordUpdateRules(ruleContext(repo), collection, current, set, clear);
}

/** After an update is written: status changes of leads and stage/status changes of deals go on the timeline. */
export function afterUpdate(repo: Repository, collection: Collection, id: string, prev: Fields, set: Fields, at: number): void {
  for (const field of timelineFields(collection)) {
    if (!(field in set)) continue;
    logSystemActivity(repo, { type: collection, id }, { field, from: (prev[field] as string) ?? null, to: (set[field] as string) ?? null }, at);
  }
}

/** A system activity: who changed which field from what to what, and when. Written by the store only. */
export function logSystemActivity(repo: Repository, parent: RecordRef, system: { field: string; from: string | null; to: string | null }, at: number, id = newId()): Activity {
  const activity = systemActivity(parent, system, repo.actor.memberId, at, id);
  writeActivity(repo.docs, activity, ORIGIN.local);
  return activity;
}
