import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runAdmin } from '../../../sync-server/cli/admin.ts';
import { parseInvite } from '../../../src/ext/first-run.ts';
import { client, tempDir, waitFor } from '../relay/helpers.ts';
import { exchangeOver, freePort, spawnRelay } from '../relay/process.ts';

/** Issue 13, problem 6: the admin command line says where it acts, refuses a wrong folder, prints complete invite links. */
const capture = () => {
  const lines: string[] = [];
  return { print: (s: string) => void lines.push(s), lines, json: () => JSON.parse(lines.at(-1)!), text: () => lines.join('\n') };
};

describe('relay admin CLI: joining cannot get stuck', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it('refuses a data folder that does not exist unless --create, and says which folder it acts on', async () => {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    const missing = join(temp.dir, 'typo');
    const out = capture();
    expect(await runAdmin(['create-workspace', '--name', 'Acme', '--data', missing], out.print)).toBe(1);
    expect(out.text()).toMatch(new RegExp(`no relay data folder at ${missing}.*--data DIR.*--url.*--create`));
    expect(existsSync(missing)).toBe(false);
    expect(await runAdmin(['create-workspace', '--name', 'Acme', '--data', missing, '--create', '--public-url', 'wss://crm.example.com'], out.print)).toBe(0);
    expect(out.lines.at(-3)).toBe(`Acting on the relay data folder ${missing} (relay stopped; LevelDB opened directly)`);
    const { invite } = out.json();
    expect(invite.link).toBe(`wss://crm.example.com/#token=${invite.token}`);
    expect(out.lines.at(-2)).toContain(invite.link);
    // The link is what first run reads.
    expect(parseInvite(invite.link)).toMatchObject({ url: 'wss://crm.example.com', token: invite.token, role: 'admin' });
  });

  it('finds the relay running on a folder, prints links with its public address, mints creation tokens', async () => {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    const data = join(temp.dir, 'relay');
    const port = await freePort();
    const relay = await spawnRelay(['--port', String(port), '--data', data, '--public-url', `ws://localhost:${port}`]);
    cleanup.push(() => relay.kill('SIGTERM'));
    const out = capture();
    expect(await runAdmin(['create-workspace', '--name', 'Acme', '--admin-name', 'Ann', '--data', data], out.print)).toBe(0);
    expect(out.lines.at(-3)).toBe(`Acting on the relay running at ${relay.httpUrl} on ${data}`);
    const { workspace, invite } = out.json();
    expect(invite.link).toBe(`ws://localhost:${port}/#token=${invite.token}`);
    expect(await runAdmin(['invite', '--workspace', workspace.id, '--role', 'member', '--name', 'Sam', '--data', data], out.print)).toBe(0);
    const sam = out.json();
    // The whole join: the printed link → the extension's parser → exchange → a live connection.
    const parsed = parseInvite(sam.link);
    const credential = await exchangeOver(relay.httpUrl, parsed.token);
    const c = client({ wsUrl: parsed.url }, parsed.workspaceId, 'records/0', credential.token);
    await c.whenSynced;
    c.destroy();
    // A creation token lets someone create one workspace without the operator key.
    expect(await runAdmin(['creation-token', '--days', '2', '--note', 'for Dana', '--data', data], out.print)).toBe(0);
    const { token } = out.json();
    const made = await fetch(`${relay.httpUrl}/admin/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Dana & Co' }) });
    expect(made.status).toBe(201);
    // Usage errors name the problem.
    expect(await runAdmin(['backup', '--data', data], out.print)).toBe(2);
    expect(out.text()).toMatch(/backup takes one FILE/);
    await waitFor(async () => (await fetch(`${relay.httpUrl}/healthz`)).ok, 2000, 'relay still healthy');
  });
});
