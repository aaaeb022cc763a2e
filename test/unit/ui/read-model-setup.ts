import 'fake-indexeddb/auto';
import { readConfig } from '../../../src/store/config-store.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import type { WorkspaceConfig } from '../../../src/ui/ports.ts';
import { workspace } from '../lifecycle/helpers.ts';

let n = 0;
const tick = () => new Promise((r) => setTimeout(r, 5));

/**
 * A workspace with the real read port over a Dexie read model the real projector keeps in step
 * with the repository: what the dashboard runs, minus the browser. `cleanup` gets its teardown.
 */
export function readModelWorkspace(cleanup: (() => unknown)[]) {
  const { docs, repo } = workspace();
  const db = new ReadDB(`ui-test-${++n}-${Math.random()}`);
  const projector = new Projector(docs, db);
  cleanup.push(async () => { projector.destroy(); await projector.flush(); await tick(); db.close(); });
  const config = (): WorkspaceConfig => ({ ...readConfig(docs.config), me: { memberId: 'm1', role: 'admin' } } as WorkspaceConfig);
  const read = readPort(db, (on) => { on(config()); return () => {}; });
  const settle = async () => { await projector.flush(); await tick(); await projector.flush(); await tick(); };
  return { docs, repo, db, projector, read, config, settle };
}
