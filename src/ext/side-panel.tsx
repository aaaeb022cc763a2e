import { render } from 'preact';
import { SidePanelApp, preloadSidePanel } from '../ui/SidePanelApp.tsx';
import { afterFirstList, bootPage } from './boot.ts';
import type { EarlyList } from './early-list.ts';

/**
 * The side panel's composition root: builds the models from the read model and renders the
 * first list (its first page already being read: `early`); the engine's ports, the capture card
 * and every other view load right after it has painted (docs/architecture.md, "The side panel's
 * first paint"). Then the panel scans the active tab (activeTab + scripting) and follows it
 * across tabs.
 */
export async function startSidePanel(early: EarlyList): Promise<void> {
  const models = await bootPage({ fallback: { view: 'home' }, capture: true, early });
  render(<SidePanelApp models={models} />, document.getElementById('app')!);
  performance.mark('outpost:rendered');
  await afterFirstList(models);
  void preloadSidePanel();
  await models.loadRest();
  const capture = models.features.value?.capture;
  void capture?.scan();
  // Another tab or page: "This page" follows it (the panel stays open across tabs).
  capture?.follow();
}
