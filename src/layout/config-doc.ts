import type * as Y from 'yjs';
import { CONFIG_LISTS, isSeededNoSource, Settings, type ConfigEntity, type ConfigList } from '../domain/index.ts';

/**
 * Reading the `config` doc (one Y.Map per entity list, a `settings` map): pure, shared by the
 * store (src/store/config-store.ts writes it) and the relay's API (which reads it).
 */
const listMap = (doc: Y.Doc, list: ConfigList) => doc.getMap<unknown>(list);
const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');

export type ConfigSnapshot = { settings: Settings } & { [L in ConfigList]: ConfigEntity<L>[] };


/** Reads the whole config (it is small): lists sorted by order, settings with defaults. */
export function readConfig(doc: Y.Doc): ConfigSnapshot {
  const out = { settings: Settings.parse(settingsMap(doc).toJSON()) } as ConfigSnapshot;
  for (const list of CONFIG_LISTS) {
    const values = [...listMap(doc, list).values()] as { order?: number }[];
    values.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    // Until an admin's start has retired it (config-store's upgradeConfig), the seeded "No source" reads as retired.
    if (list === 'sources') values.forEach((v, i) => { if (isSeededNoSource(v as { id: string })) values[i] = { ...v, retired: true } as typeof v; });
    (out as Record<string, unknown>)[list] = values;
  }
  return out;
}

/** Ids of every custom field definition, retired ones included (their values stay readable). */
export function customFieldIds(doc: Y.Doc): string[] {
  return [...listMap(doc, 'customFields').keys()];
}

