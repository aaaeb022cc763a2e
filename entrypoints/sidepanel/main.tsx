import { render } from 'preact';
import '@/src/ui/styles.css';
import { SidePanelApp } from '@/src/ui/SidePanelApp';
import { bootPage } from '@/src/ext/boot';

// The composition root: builds the models from the ports and renders. The panel scans the
// active tab when it opens (activeTab + scripting).
async function main() {
  const models = await bootPage({ fallback: { view: 'home' }, capture: true });
  render(<SidePanelApp models={models} />, document.getElementById('app')!);
  void models.capture?.scan();
}
void main();
