import type * as Y from 'yjs';
import {
  CONFIG_LISTS, configLists, defaults, defaultSettings, isSeededNoSource, PermissionError, RuleError, SEEDED_NO_SOURCE, Settings, ValidationError,
  type ConfigEntity, type ConfigList, type Role,
} from '../domain/index.ts';
import { ORIGIN } from './docs.ts';

import { readConfig } from '../layout/config-doc.ts';

export { readConfig, customFieldIds, type ConfigSnapshot } from '../layout/config-doc.ts';

const listMap = (doc: Y.Doc, list: ConfigList) => doc.getMap<unknown>(list);
const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');

export function isSeeded(doc: Y.Doc): boolean {
  return listMap(doc, 'leadStatuses').size > 0;
}

/**
 * Writes the default statuses, types, sources, pipeline… Ids are fixed, so two admins seeding
 * the same workspace offline merge into one set.
 */
export function seedDefaults(doc: Y.Doc, admin: { id: string; name?: string; email?: string }): void {
  doc.transact(() => {
    for (const list of CONFIG_LISTS) {
      const map = listMap(doc, list);
      for (const e of defaults[list] as { id: string }[]) if (!map.has(e.id)) map.set(e.id, e);
    }
    const settings = settingsMap(doc);
    for (const [k, v] of Object.entries(defaultSettings)) if (!settings.has(k)) settings.set(k, v);
    const members = listMap(doc, 'members');
    if (!members.has(admin.id)) members.set(admin.id, { id: admin.id, name: admin.name ?? '', ...(admin.email ? { email: admin.email } : {}), role: 'admin', active: true });
  }, ORIGIN.seed);
}

/**
 * Config upgrades of a seeded workspace, run by an admin's start (idempotent: a no-op once done).
 * Returns what changed, for the caller's log and the tests.
 * - The seeded "No source" source (session 19b): retired, only while it is the untouched seed,
 *   since "No source" is the pickers' own empty choice (src/domain/no-source.ts). Retired, not
 *   deleted, like every config entity: a teammate's older client still finds the name.
 */
export function upgradeConfig(doc: Y.Doc): string[] {
  const changed: string[] = [];
  const sources = listMap(doc, 'sources');
  const seeded = sources.get(SEEDED_NO_SOURCE.id) as { id: string; name?: string; retired?: boolean } | undefined;
  if (seeded && isSeededNoSource(seeded) && !seeded.retired) changed.push(`sources/${SEEDED_NO_SOURCE.id}`);
  if (changed.length) doc.transact(() => sources.set(SEEDED_NO_SOURCE.id, { ...seeded, retired: true }), ORIGIN.seed);
  return changed;
}

export function assertAdmin(role: Role): void {
  if (role !== 'admin') throw new PermissionError('Admins only: ask a workspace admin to change settings.');
}

/** Adds or replaces one config entity after validating it. Admins only. */
export function putConfigEntity<L extends ConfigList>(doc: Y.Doc, role: Role, list: L, entity: unknown): ConfigEntity<L> {
  assertAdmin(role);
  const parsed = configLists[list].safeParse(entity);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, list);
  const value = parsed.data as ConfigEntity<L> & { id: string };
  doc.transact(() => listMap(doc, list).set(value.id, value), ORIGIN.local);
  return value;
}

export function getConfigEntity<L extends ConfigList>(doc: Y.Doc, list: L, id: string): ConfigEntity<L> | undefined {
  return listMap(doc, list).get(id) as ConfigEntity<L> | undefined;
}

export function setSettings(doc: Y.Doc, role: Role, patch: Partial<Settings>): Settings {
  assertAdmin(role);
  const merged = Settings.safeParse({ ...readConfig(doc).settings, ...patch });
  if (!merged.success) throw ValidationError.fromZod(merged.error, 'settings');
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) settingsMap(doc).set(k, (merged.data as Record<string, unknown>)[k] ?? v);
  }, ORIGIN.local);
  return merged.data;
}

export function requireActive<L extends ConfigList>(doc: Y.Doc, list: L, id: string, what: string, path: string): void {
  const e = getConfigEntity(doc, list, id) as { retired?: boolean } | undefined;
  if (!e) throw new RuleError(`Unknown ${what} "${id}"`, path);
  if (e.retired) throw new RuleError(`The ${what} "${(e as { name?: string }).name ?? id}" is retired and can't be chosen`, path);
}
