import { effect } from '@preact/signals';
import { createAppModels, type AppModels } from '../ui/app/app-models.ts';
import { parseRoute, routeHash, type Route } from '../ui/models/nav-model.ts';
import { browser } from 'wxt/browser';
import { pagePorts } from './ports.ts';
import { PROFILE_KEY, type Profile } from './profile.ts';
import { switching } from './first-run.ts';

const STATUS_POLL_MS = 1000;

/**
 * What both composition roots do: build the ports and models, keep the route in step with
 * location.hash (links, back button, a dashboard link to a record), and poll the sync status.
 */
export async function bootPage(opts: { fallback: Route; capture: boolean }): Promise<AppModels> {
  performance.mark('outpost:boot');
  const ports = await pagePorts();
  performance.mark('outpost:ports');
  // The read model's database opens now, while the models are built and the page renders: the
  // list's first query (which Dexie runs after the render) finds it open.
  void ports.db.open().catch((e: unknown) => console.error('Outpost: the read model did not open', e));
  const models = createAppModels({ read: ports.read, write: ports.write, profiles: ports.profiles, io: ports.io, dedupe: ports.dedupe, views: ports.views, team: ports.team, ...(opts.capture ? { capture: ports.capture } : {}) }, parseRoute(location.hash, opts.fallback));
  window.addEventListener('hashchange', () => { models.nav.go(parseRoute(location.hash, opts.fallback)); });
  effect(() => {
    const hash = routeHash(models.nav.route.value);
    if (location.hash !== hash && !(hash === '#/' && !location.hash)) location.hash = hash;
  });
  // For benchmarks (P4, U1, U2): when the list's first rows, and each new answer, are painted.
  let marked = false;
  effect(() => {
    const rows = models.leads.page.value.rows.length;
    requestAnimationFrame(() => {
      performance.clearMarks('outpost:list-painted');
      performance.mark('outpost:list-painted');
      if (rows && !marked) { marked = true; performance.mark('outpost:first-rows'); }
    });
  });
  void ports.profiles.get().then((p) => { models.onboarded.value = p.onboarded; });
  // Another page joined a team: this page's read model is the old workspace's, so start over.
  browser.storage.onChanged.addListener((changes, area) => {
    const next = changes[PROFILE_KEY]?.newValue as Profile | undefined;
    if (area === 'local' && next?.workspaceId && next.workspaceId !== ports.profile.workspaceId && !switching.workspace) location.reload();
  });
  const refresh = () => ports.write.syncStatus().then((s) => { models.syncStatus.value = s; }, () => { models.syncStatus.value = 'Engine starting…'; });
  void refresh();
  setInterval(refresh, STATUS_POLL_MS);
  return models;
}
