import { signal } from '@preact/signals';
import type { CapturePort, DedupePort, IoPort, ProfilePort, ReadPort, ViewsPort, TeamPort, WritePort } from '../ports.ts';
import { createConfigModel } from '../models/config-model.ts';
import { createNavModel, type Route } from '../models/nav-model.ts';
import { createUndoModel } from '../models/undo-model.ts';
import { createListModel } from '../models/list-model.ts';
import { createNewLeadModel } from '../models/new-lead-model.ts';
import { createCaptureModel } from '../models/capture-model.ts';
import { createImportModel } from '../models/import-model.ts';

export type AppPorts = { read: ReadPort; write: WritePort; capture?: CapturePort; profiles?: ProfilePort; io?: IoPort; dedupe?: DedupePort; views?: ViewsPort; team?: TeamPort };

/** Everything a page's UI reads, built once by the composition root from its ports. */
export function createAppModels(ports: AppPorts, initial: Route) {
  const config = createConfigModel(ports.read);
  const nav = createNavModel(initial);
  const undo = createUndoModel();
  const leads = createListModel(ports.read, 'leads');
  const captureTarget = () => (config.config.value?.settings.leadsEnabled === false ? 'people' as const : 'leads' as const);
  const newLead = createNewLeadModel(ports.write, { read: ports.read, collection: captureTarget });
  const capture = ports.capture ? createCaptureModel(ports.capture, newLead) : null;
  const syncStatus = signal('Starting…');
  const onboarded = signal(true);
  // App-long, so an import's result and its Undo are still there after a look at the table.
  const importer = ports.io ? createImportModel(ports.io, undo) : null;
  return {
    ports, config, nav, undo, leads, newLead, capture, syncStatus, onboarded, importer,
    dispose() { config.dispose(); leads.dispose(); importer?.dispose(); },
  };
}
export type AppModels = ReturnType<typeof createAppModels>;
