import type { AppPorts } from './app-models.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { createNewLeadModel } from '../models/new-lead-model.ts';
import { createCaptureModel } from '../models/capture-model.ts';
import { createImportModel } from '../models/import-model.ts';

/**
 * The models a page's first list does not need: the capture form (schemas, libphonenumber,
 * tldts), the page scan and the import. A chunk of their own, built once it has loaded.
 */
export function createFeatureModels(ports: AppPorts, core: { config: ConfigModel; undo: UndoModel }) {
  const captureTarget = () => (core.config.config.value?.settings.leadsEnabled === false ? 'people' as const : 'leads' as const);
  const newLead = createNewLeadModel(ports.write, { read: ports.read, collection: captureTarget });
  const capture = ports.capture ? createCaptureModel(ports.capture, newLead) : null;
  // App-long, so an import's result and its Undo are still there after a look at the table.
  const importer = ports.io ? createImportModel(ports.io, core.undo) : null;
  return { newLead, capture, importer, dispose() { importer?.dispose(); } };
}
export type FeatureModels = ReturnType<typeof createFeatureModels>;
