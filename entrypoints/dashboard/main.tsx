import { render } from 'preact';
import '@/src/ui/styles.css';
import { DashboardApp } from '@/src/ui/DashboardApp';
import { bootPage } from '@/src/ext/boot';

// The composition root: builds the models from the ports and renders (with the engine's ports
// and the import loaded: the dashboard's tables and forms need them at once).
async function main() {
  const models = await bootPage({ fallback: { view: 'home' }, capture: false });
  await models.loadRest();
  render(<DashboardApp models={models} />, document.getElementById('app')!);
}
void main();
