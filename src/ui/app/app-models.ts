import { signal } from '@preact/signals';
import type { CapturePort, ProfilePort, ReadPort, WritePort } from '../ports.ts';
import { createConfigModel } from '../models/config-model.ts';
import { createNavModel, type Route } from '../models/nav-model.ts';
import { createUndoModel } from '../models/undo-model.ts';
import { createListModel } from '../models/list-model.ts';
import { createNewLeadModel } from '../models/new-lead-model.ts';
import { createCaptureModel } from '../models/capture-model.ts';

export type AppPorts = { read: ReadPort; write: WritePort; capture?: CapturePort; profiles?: ProfilePort };

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
  return {
    ports, config, nav, undo, leads, newLead, capture, syncStatus, onboarded,
    dispose() { config.dispose(); leads.dispose(); },
  };
}
export type AppModels = ReturnType<typeof createAppModels>;
