import { effect, signal } from '@preact/signals';
import type { CapturePort, DedupePort, IoPort, ProfilePort, ReadPort, ViewsPort, TeamPort, WritePort } from '../ports.ts';
import { createConfigModel } from '../models/config-model.ts';
import { createNavModel, type Route } from '../models/nav-model.ts';
import { createUndoModel } from '../models/undo-model.ts';
import { createListModel } from '../models/list-model.ts';
import type { FeatureModels } from './feature-models.ts';
import { createTipsModel, TIPS_KEY, type TipStore } from '../models/tips-model.ts';

export type AppPorts = { read: ReadPort; write: WritePort; capture?: CapturePort; profiles?: ProfilePort; io?: IoPort; dedupe?: DedupePort; views?: ViewsPort; team?: TeamPort };

const STARTING = 'Starting…';
/** How often the status bar asks for the rows not listed yet (the engine's port answers it with the sync status's message). */
export const UNLISTED_POLL_MS = 1000;

/**
 * How far the lists are with rows the engine has saved (an import's, a large sync's): the share
 * of the count first seen since it was last 0 that is written, or null when nothing waits. The
 * engine counts read-model rows (a record, its history…), not records, so a share, not a count,
 * is what a person can read. Asked each second once the engine's ports are in (the composition
 * root sets the sync status then): asking before would load the engine's code ahead of the side
 * panel's first list. A failed ask leaves it as it was.
 */
function watchUnlisted(ports: AppPorts, syncStatus: { value: string }) {
  const share = signal<number | null>(null);
  let first = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const seen = (left: number) => {
    if (!left) { first = 0; share.value = null; return; }
    first = Math.max(first, left);
    // Never counts back within one fill.
    share.value = Math.max(share.value ?? 0, 1 - left / first);
  };
  const ask = () => { void ports.io?.indexing().then(seen, () => {}); };
  const stop = effect(() => {
    if (syncStatus.value === STARTING || timer || !ports.io) return;
    ask();
    timer = setInterval(ask, UNLISTED_POLL_MS);
  });
  return { share, dispose() { stop(); if (timer) clearInterval(timer); } };
}

/**
 * Everything a page's UI reads, built once by the composition root from its ports. `features`
 * (the capture form, the scan, the import) fills in once `loadFeatures` has loaded their code:
 * the side panel asks for it after its first list, the dashboard before its first render.
 */
/** The page's localStorage (shared by the side panel and every dashboard tab), if it has one. */
function pageStorage(): TipStore | undefined {
  try { return typeof window === 'undefined' ? undefined : window.localStorage; } catch { return undefined; }
}

/** Tips dismissed here or in another of the extension's pages (the `storage` event). */
function watchTips() {
  const tips = createTipsModel(pageStorage());
  const changed = (e: StorageEvent) => { if (e.key === TIPS_KEY) tips.reload(); };
  if (typeof window !== 'undefined') window.addEventListener('storage', changed);
  return { tips, dispose() { if (typeof window !== 'undefined') window.removeEventListener('storage', changed); } };
}

export function createAppModels(ports: AppPorts, initial: Route) {
  const config = createConfigModel(ports.read);
  const nav = createNavModel(initial);
  const undo = createUndoModel();
  const leads = createListModel(ports.read, 'leads');
  // The panel's list of people, made the first time it is shown (Leads turned off).
  let people: ReturnType<typeof createListModel> | null = null;
  const peopleList = () => (people ??= createListModel(ports.read, 'people'));
  const syncStatus = signal(STARTING);
  const unlisted = watchUnlisted(ports, syncStatus);
  const onboarded = signal(true);
  const tips = watchTips();
  const features = signal<FeatureModels | null>(null);
  let loading: Promise<FeatureModels> | null = null;
  const featureCode = () => import('./feature-models.ts');
  const loadFeatures = () => (loading ??= featureCode().then((m) => (features.value = m.createFeatureModels(ports, { config, undo }))));
  return {
    ports, config, nav, undo, leads, peopleList, syncStatus, onboarded, features, loadFeatures,
    /** One-time tips the user dismissed (kept in this browser). */
    tips: tips.tips,
    /** How far the lists are with rows saved but not shown yet (0–1), null when none wait: the status bar says so. */
    listing: unlisted.share,
    /** Loads the feature models' code without building them (a page loading their ports meanwhile). */
    preloadFeatures: (): Promise<unknown> => featureCode(),
    dispose() { config.dispose(); leads.dispose(); people?.dispose(); features.value?.dispose(); unlisted.dispose(); tips.dispose(); },
  };
}
export type AppModels = ReturnType<typeof createAppModels>;
