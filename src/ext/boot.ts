import { effect } from '@preact/signals';
import { browser } from 'wxt/browser';
import { createAppModels, type AppModels, type AppPorts } from '../ui/app/app-models.ts';
import { parseRoute, routeHash, type Route } from '../ui/models/nav-model.ts';
import { lazyReadPort, lazyWatch } from './lazy-read-port.ts';
import { PROFILE_KEY, startProfile, switching, type Profile } from './profile.ts';
import { localStorageArea } from './browser-storage.ts';
import type { EnginePorts } from './ports.ts';
import { deferredPort } from './deferred.ts';
import { afterPaint, withFirstPage, type EarlyList } from './early-list.ts';
import type { DedupePort, IoPort, ProfilePort, TeamPort, ViewsPort, WritePort } from '../ui/ports.ts';

const STATUS_POLL_MS = 1000;
/** The side panel loads the rest after its first list, or after this long if the list is slow to answer (a rebuilding read model). */
const FIRST_LIST_WAIT_MS = 1500;

export type PageModels = AppModels & {
  /** Loads the engine's ports (and their zod validation) and the feature models; the first call starts it. */
  loadRest(): Promise<void>;
  /**
   * Loads the capture port and the feature models (the capture form) on their own, apart from
   * the engine's ports, and answers the port's module (`scanned` checks a scan started early).
   * Null on a page without capture (the dashboard). `loadRest` includes it.
   */
  loadCapture(): Promise<typeof import('./capture.ts') | null>;
};

/**
 * What both composition roots do: build the ports and models, keep the route in step with
 * location.hash (links, back button, a dashboard link to a record), and poll the sync status.
 * Only the read model is needed for a first render: the engine's ports, the capture form and
 * the import load with `loadRest()` (the side panel calls it after its first list); the
 * capture form and its port also on their own with `loadCapture()`, which needs no engine.
 */
export async function bootPage(opts: { fallback: Route; capture: boolean; early?: EarlyList; profile?: Promise<Profile | null> }): Promise<PageModels> {
  performance.mark('outpost:boot');
  // The profile the entry read while this code loaded (checked again once this page listens
  // for its changes), else the stored or a new one.
  const profile = await startProfile(localStorageArea, opts.profile, listenForProfile, () => location.reload());
  // The list's first page read before this code loaded, if it was read from this workspace.
  const first = opts.early?.forWorkspace(profile.workspaceId);
  // The read model's code (Dexie, the queries: ~100 KB) loads once the early rows have painted
  // (or at once without them, or after FIRST_LIST_WAIT_MS): loaded with them it held back their frame.
  let openRead!: () => void;
  const readGate = new Promise<void>((r) => { openRead = r; });
  if (first) setTimeout(openRead, FIRST_LIST_WAIT_MS); else openRead();
  let engine: Promise<EnginePorts> | null = null;
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  const loadEngine = () => { release(); return (engine ??= import('./ports.ts').then((m) => m.enginePorts(profile))); };
  // Watches of the engine's config and viewers start once the rest has loaded; they never start it.
  const whenLoaded = <T>(use: (e: EnginePorts) => T) => released.then(loadEngine).then(use);
  const read = lazyReadPort(readGate.then(() => import('./read-port.ts')).then((m) => {
    performance.mark('outpost:read-code'); // boot phases (bench U1)
    return m.openReadPort(profile.workspaceId, (on) => lazyWatch(whenLoaded((e) => e.watchConfig(on))));
  }));
  performance.mark('outpost:ports');
  const ports: AppPorts = {
    read: {
      ...(first && opts.early ? withFirstPage(read, { ...opts.early, page: first, shown: openRead }) : read),
      watchViewers: (type, id, on) => lazyWatch(whenLoaded((e) => e.watchViewers(type, id, on))),
    },
    write: deferredPort<WritePort>(() => loadEngine().then((e) => e.write)),
    profiles: deferredPort<ProfilePort>(() => loadEngine().then((e) => e.profiles)),
    io: deferredPort<IoPort>(() => loadEngine().then((e) => e.io)),
    dedupe: deferredPort<DedupePort>(() => loadEngine().then((e) => e.dedupe)),
    views: deferredPort<ViewsPort>(() => loadEngine().then((e) => e.views)),
    // Only a workspace joined to a relay has a team port: a local one never calls out.
    ...(profile.relay ? { team: deferredPort<TeamPort>(() => loadEngine().then((e) => e.team!)) } : {}),
  };
  const models = createAppModels(ports, parseRoute(location.hash, opts.fallback));
  window.addEventListener('hashchange', () => { models.nav.go(parseRoute(location.hash, opts.fallback)); });
  effect(() => {
    const hash = routeHash(models.nav.route.value);
    if (location.hash !== hash && !(hash === '#/' && !location.hash)) location.hash = hash;
  });
  markFirstRows(models);
  // The capture form talks to the tab, not to the engine: its code loads without the engine's
  // ports, so the page's candidate never waits for them (its writes go through the deferred
  // ports until they are there).
  let capture: ReturnType<PageModels['loadCapture']> | null = null;
  const loadCapture = () => (capture ??= opts.capture
    ? Promise.all([import('./capture.ts'), models.preloadFeatures()]).then(async ([m]) => { ports.capture = m.capturePort; await models.loadFeatures(); return m; })
    : Promise.resolve(null));
  let rest: Promise<void> | null = null;
  const loadRest = () => (rest ??= (async () => {
    const e = await loadEngine();
    // The models built from here on (and every component rendered from now) get the ports
    // themselves; what was handed out before keeps forwarding to them.
    Object.assign(ports, { write: e.write, profiles: e.profiles, io: e.io, dedupe: e.dedupe, views: e.views, ...(e.team && { team: e.team }) });
    await loadCapture().catch(() => null); // reported where the form is shown (side-panel.tsx); the rest works without it
    await models.loadFeatures();
    void e.profiles.get().then((p) => { models.onboarded.value = p.onboarded; });
    const refresh = () => e.write.syncStatus().then((s) => { models.syncStatus.value = s; }, () => { models.syncStatus.value = 'Engine starting…'; });
    void refresh();
    setInterval(refresh, STATUS_POLL_MS);
  })());
  return Object.assign(models, { loadRest, loadCapture });
}

/** Another page joined a team or switched workspace: this page's read model is the old workspace's, so start over. */
function listenForProfile(profile: Profile) {
  browser.storage.onChanged.addListener((changes, area) => {
    const next = changes[PROFILE_KEY]?.newValue as Profile | undefined;
    if (area === 'local' && next?.workspaceId && next.workspaceId !== profile.workspaceId && !switching.workspace) location.reload();
  });
}

/** For benchmarks (P4, U1, U2): when the list's first rows, and each new answer, are painted. */
function markFirstRows(models: AppModels) {
  let marked = false;
  effect(() => {
    const rows = models.leads.page.value.rows.length;
    if (rows && !marked) performance.mark('outpost:list-answer');
    requestAnimationFrame(() => {
      performance.clearMarks('outpost:list-painted');
      performance.mark('outpost:list-painted');
      if (rows && !marked) { marked = true; performance.mark('outpost:first-rows'); }
    });
  });
}

/** Resolves in the frame after the leads list's first answer was painted (or after `FIRST_LIST_WAIT_MS`). */
export function afterFirstList(models: AppModels): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, FIRST_LIST_WAIT_MS);
    const stop = effect(() => {
      if (!models.leads.loaded.value) return;
      queueMicrotask(() => stop());
      // The frame with the rows, then one task later: after it has been painted.
      void afterPaint().then(() => { clearTimeout(timer); done(); });
    });
  });
}
