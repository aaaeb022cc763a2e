import { render } from 'preact';
import '@/src/ui/styles.css';
import { SidePanelApp } from '@/src/ui/SidePanelApp';
import { bootPage } from '@/src/ext/boot';
import { capturePort } from '@/src/ext/capture';

// The composition root: builds the models from the ports and renders. The panel scans the
// active tab when it opens (activeTab + scripting): the scan starts first, alongside the boot
// (profile, read model, first render), rather than after it (C2 in bench/capture-browser.ts).
async function main() {
  const scan = capturePort.scanActiveTab();
  const models = await bootPage({ fallback: { view: 'home' }, capture: true });
  render(<SidePanelApp models={models} />, document.getElementById('app')!);
  performance.mark('outpost:rendered');
  void models.capture?.scan(scan);
  // Another tab or page: "This page" follows it (the panel stays open across tabs).
  models.capture?.follow();
}
void main();
