import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../relay/helpers.ts';
import { createWorkspaceOver, freePort, operatorKey, spawnRelay } from '../relay/process.ts';
import { verifyWebhook } from '../../../sync-server/webhooks/signature.ts';
import { adminCall, recordEvent, startReceiver } from './receiver.ts';

const root = new URL('../../../', import.meta.url).pathname;

/** The relay process with the event hook of relay-with-events.ts. */
async function spawnRelayWithEvents(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${root}test/integration/webhooks/relay-with-events.ts`, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => /Outpost relay on (http:\/\/\S+)/.test(output) || child.exitCode !== null, 30_000, 'the relay to start');
  const httpUrl = /Outpost relay on (http:\/\/\S+)/.exec(output)?.[1];
  if (!httpUrl) throw new Error(`relay did not start: ${output}`);
  return {
    httpUrl,
    async emit(event: ReturnType<typeof recordEvent>) {
      child.stdin!.write(JSON.stringify(event) + '\n');
      await waitFor(() => output.includes(`queued ${event.id}`), 10_000, `event ${event.id} to be queued`);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('webhooks: a relay killed with SIGKILL mid-retry', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it('delivers after the restart what it was retrying and what it had queued but not yet sent', async () => {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const port = await freePort();
    const args = ['--port', String(port), '--data', temp.dir, '--webhook-allow', '127.0.0.1', '--webhook-retry-base-ms', '400', '--webhook-retry-max-ms', '400'];
    const first = await spawnRelayWithEvents(args);
    cleanup.push(first.kill);
    const { workspace, admin } = await createWorkspaceOver(first.httpUrl, await operatorKey(temp.dir));
    const created = await adminCall(first.httpUrl, admin.token, 'POST', `${workspace.id}/webhooks`, { url: `${receiver.url}/hook` });
    expect(created.status).toBe(201);
    const { secret, subscription } = created.body as { secret: string; subscription: { id: string } };

    // The receiver is down: the first event is being retried when the relay dies.
    receiver.replyWith(() => ({ status: 503 }));
    const retried = recordEvent(workspace.id, { type: 'updated', changedFields: ['email'] });
    await first.emit(retried);
    await receiver.waitForCount(2);
    // The second is persisted, then the relay is killed before it could be sent (it is behind a failing endpoint's retries or not yet tried).
    const queued = recordEvent(workspace.id, { type: 'deleted', collection: 'companies' });
    await first.emit(queued);
    await first.kill();
    const triesBefore = receiver.received.length;

    receiver.replyWith(() => ({ status: 200 }));
    const second = await spawnRelay(args); // the plain relay: the queue is in its data folder
    cleanup.push(() => second.kill('SIGTERM'));
    const deliveredIds = () => new Set(receiver.received.slice(triesBefore).map((r) => JSON.parse(r.body).id as string));
    await waitFor(() => deliveredIds().has(retried.id) && deliveredIds().has(queued.id), 20_000, 'both events after the restart');
    const idsBefore = new Map(receiver.received.slice(0, triesBefore).map((r) => [JSON.parse(r.body).id, r.headers['webhook-id']]));
    for (const r of receiver.received.slice(triesBefore)) {
      const payload = verifyWebhook(secret, r.headers, r.body) as { id: string };
      // A retry is the same message: receivers dedupe on webhook-id.
      if (idsBefore.has(payload.id)) expect(r.headers['webhook-id']).toBe(idsBefore.get(payload.id));
    }
    await waitFor(async () => {
      const list = (await adminCall(second.httpUrl, admin.token, 'GET', `${workspace.id}/webhooks/${subscription.id}/deliveries`)).body.deliveries as Array<{ state: string }>;
      return list.length === 2 && list.every((d) => d.state === 'delivered');
    }, 10_000, 'both deliveries marked delivered');
    const status = (await adminCall(second.httpUrl, admin.token, 'GET', `${workspace.id}/webhooks/${subscription.id}`)).body.subscription.status;
    expect(status).toMatchObject({ lastStatusCode: 200, consecutiveFailures: 0 });
  });
});
