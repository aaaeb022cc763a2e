import { render } from 'preact';
import '@/src/ui/styles.css';
import { DashboardApp } from '@/src/ui/DashboardApp';
import { bootPage } from '@/src/ext/boot';

// The composition root: builds the models from the ports and renders.
async function main() {
  const models = await bootPage({ fallback: { view: 'home' }, capture: false });
  render(<DashboardApp models={models} />, document.getElementById('app')!);
}
void main();
