import { render } from 'preact';
import { SidePanelApp, preloadSidePanel } from '../ui/SidePanelApp.tsx';
import { preloadCaptureCard } from '../ui/app/HomePane.tsx';
import { afterFirstList, bootPage, type PageModels } from './boot.ts';
import type { EarlyList } from './early-list.ts';
import type { PageScan } from './page-scan.ts';
import type { Profile } from './profile.ts';

/**
 * The side panel's composition root: builds the models from the read model and renders the
 * first list (its first page already being read: `early`). Once it has painted, the capture
 * form and its port load, on their own, and show the scan of the active tab the entry started
 * (`pageScan`); the profile too was read while this code loaded (`profile`). The engine's ports and every other view load after them
 * (docs/architecture.md, "The side panel's first paint" and "The page's candidate before the
 * rest"). Then "This page" follows the tab across tabs.
 */
export async function startSidePanel(early: EarlyList, pageScan: Promise<PageScan>, profile?: Promise<Profile | null>): Promise<void> {
  const models = await bootPage({ fallback: { view: 'home' }, capture: true, early, profile });
  render(<SidePanelApp models={models} />, document.getElementById('app')!);
  performance.mark('outpost:rendered');
  // The first list paints alone (the capture form's code is half a megabyte: evaluated before
  // the rows' frame it held them back); then the capture form, then the rest.
  await afterFirstList(models);
  const captured = showPageScan(models, pageScan);
  await models.loadCapture().catch(() => null); // a failed load is shown by showPageScan; the rest loads anyway
  void preloadSidePanel();
  await Promise.all([models.loadRest(), captured]);
}

/** The capture form (and its card's code) as soon as they load, filled from the early scan; then it follows the tab. */
export async function showPageScan(models: PageModels, pageScan: Promise<PageScan>): Promise<void> {
  const [port] = await Promise.all([models.loadCapture(), preloadCaptureCard()]).catch((e: unknown) => {
    console.error('Outpost: the capture form\'s code did not load', e); // the list and the rest work without it
    return [null];
  });
  performance.mark('outpost:capture-loaded'); // C2's phases (bench/capture-browser.ts)
  const capture = models.features.value?.capture;
  if (!port || !capture) return;
  const shown = capture.scan(pageScan.then(port.scanned));
  // Another tab or page: "This page" follows it (the panel stays open across tabs).
  capture.follow();
  await shown;
  performance.mark('outpost:candidate');
}
