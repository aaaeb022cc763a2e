import { afterAll, beforeAll } from 'vitest';
import type { Relay } from '../../../sync-server/server.ts';
import { client, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/**
 * An honest teammate working beside an attack: two real clients of one room, one writes, the
 * other must see each edit, and the writer must hear it was saved. `check` proves the relay is
 * still serving (not merely alive) after each attack.
 */
export async function startBystander(relay: Relay, workspaceId: string, token: string, doc = 'records/1') {
  const writer = client(relay, workspaceId, doc, token);
  const reader = client(relay, workspaceId, doc, token);
  await Promise.all([writer.whenSynced, reader.whenSynced]);
  let edits = 0;
  return {
    async check(after: string) {
      const n = ++edits;
      writer.doc.getMap('bystander').set('edit', n);
      await waitFor(() => reader.doc.getMap('bystander').get('edit') === n && writer.status.get().unsaved === 0, 15_000, `the bystander's edit ${n} to sync after ${after}`);
      const health = await fetch(`${relay.httpUrl}/healthz`);
      if (health.status !== 200) throw new Error(`healthz answered ${health.status} after ${after}`);
    },
    get edits() {
      return edits;
    },
    destroy() {
      writer.destroy();
      reader.destroy();
    },
  };
}

/**
 * A relay on 127.0.0.1 for one describe block: started before its tests with a workspace and a
 * bystander, stopped after. The fields are set once `beforeAll` ran.
 */
export function attackScene(options: Parameters<typeof startTestRelay>[0] = {}) {
  const scene = {} as {
    t: Awaited<ReturnType<typeof startTestRelay>>;
    ws: Awaited<ReturnType<typeof workspaceWith>>;
    bystander: Awaited<ReturnType<typeof startBystander>>;
  };
  beforeAll(async () => {
    scene.t = await startTestRelay(options);
    scene.ws = await workspaceWith(scene.t.relay);
    scene.bystander = await startBystander(scene.t.relay, scene.ws.workspaceId, scene.ws.tokens.member);
  });
  afterAll(async () => {
    scene.bystander?.destroy();
    await scene.t?.stop();
  });
  return scene;
}
