import { render } from 'preact';
import '@/src/ui/styles.css';
import { SidePanelApp, preloadSidePanel } from '@/src/ui/SidePanelApp';
import { afterFirstList, bootPage } from '@/src/ext/boot';

// The composition root: builds the models from the read model and renders the first list; the
// engine's ports, the capture card and every other view load right after it has painted (the
// list's code is all that runs first: docs/architecture.md, "The side panel's first paint").
// Then the panel scans the active tab (activeTab + scripting) and follows it across tabs.
async function main() {
  const models = await bootPage({ fallback: { view: 'home' }, capture: true });
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
void main();
