import { signal } from '@preact/signals';
import type { CapturePort, DedupePort, IoPort, ProfilePort, ReadPort, ViewsPort, TeamPort, WritePort } from '../ports.ts';
import { createConfigModel } from '../models/config-model.ts';
import { createNavModel, type Route } from '../models/nav-model.ts';
import { createUndoModel } from '../models/undo-model.ts';
import { createListModel } from '../models/list-model.ts';
import type { FeatureModels } from './feature-models.ts';

export type AppPorts = { read: ReadPort; write: WritePort; capture?: CapturePort; profiles?: ProfilePort; io?: IoPort; dedupe?: DedupePort; views?: ViewsPort; team?: TeamPort };

/**
 * Everything a page's UI reads, built once by the composition root from its ports. `features`
 * (the capture form, the scan, the import) fills in once `loadFeatures` has loaded their code:
 * the side panel asks for it after its first list, the dashboard before its first render.
 */
export function createAppModels(ports: AppPorts, initial: Route) {
  const config = createConfigModel(ports.read);
  const nav = createNavModel(initial);
  const undo = createUndoModel();
  const leads = createListModel(ports.read, 'leads');
  const syncStatus = signal('Starting…');
  const onboarded = signal(true);
  const features = signal<FeatureModels | null>(null);
  let loading: Promise<FeatureModels> | null = null;
  const featureCode = () => import('./feature-models.ts');
  const loadFeatures = () => (loading ??= featureCode().then((m) => (features.value = m.createFeatureModels(ports, { config, undo }))));
  return {
    ports, config, nav, undo, leads, syncStatus, onboarded, features, loadFeatures,
    /** Loads the feature models' code without building them (a page loading their ports meanwhile). */
    preloadFeatures: (): Promise<unknown> => featureCode(),
    dispose() { config.dispose(); leads.dispose(); features.value?.dispose(); },
  };
}
export type AppModels = ReturnType<typeof createAppModels>;
