import { render } from 'preact';
import { signal } from '@preact/signals';
import '@/src/ui/styles.css';
import { SidePanelApp } from '@/src/ui/SidePanelApp';
import { createListModel } from '@/src/ui/models/list-model';
import { createNewLeadModel } from '@/src/ui/models/new-lead-model';
import { pagePorts } from '@/src/ext/ports';

// The composition root: builds the models from the ports, renders, and polls sync status.
async function main() {
  const { read, write } = await pagePorts();
  const syncStatus = signal('Starting…');
  const models = { leads: createListModel(read, 'leads'), newLead: createNewLeadModel(write), syncStatus };
  render(<SidePanelApp models={models} />, document.getElementById('app')!);
  const refresh = () => write.syncStatus().then((s) => { syncStatus.value = s; }, () => { syncStatus.value = 'Engine starting…'; });
  void refresh();
  setInterval(refresh, 1000);
}
void main();
