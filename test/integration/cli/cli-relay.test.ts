import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectionMap, readRecord, recordIds } from '../../../src/layout/records-doc.ts';
import { waitFor } from '../relay/helpers.ts';
import { connectWorkspace } from '../relay/memory-sync-store.ts';
import { allDocKeys } from '../../../src/domain/routing.ts';
import { createWorkspaceOver, freePort, operatorKey, spawnRelay } from '../relay/process.ts';

const root = resolve(new URL('../../../', import.meta.url).pathname);

/** The CLI as a user runs it: its own process, talking to the relay over WebSocket. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('command line against a running relay (sync-server/main.ts as a child process)', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => { for (const c of cleanup.reverse()) await c(); });

  it('imports into the relay; a connected teammate sees the leads arrive; list, backup and restore work through it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const relay = await spawnRelay(['--port', String(await freePort()), '--data', join(dir, 'relay')]);
    cleanup.push(() => relay.kill('SIGTERM'));
    const { workspace, admin } = await createWorkspaceOver(relay.httpUrl, await operatorKey(join(dir, 'relay')));

    // A teammate already connected: one multiplexed socket over every shard of the workspace.
    const teammate = connectWorkspace({ wsUrl: relay.wsUrl }, workspace.id, admin.token);
    cleanup.push(async () => teammate.connection.destroy());
    await teammate.connection.whenSynced;
    const recordShards = allDocKeys().filter((k) => k.startsWith('records/'));

    const env = { OUTPOST_RELAY: relay.wsUrl, OUTPOST_WORKSPACE: workspace.id, OUTPOST_TOKEN: admin.token };
    const csv = join(root, 'test/fixtures/io/salesforce-leads.csv');
    const dry = await cli(['import', csv, '--dry-run', '--source', 'Web form'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/1 to create.*\n[\s\S]*Dry run: nothing was imported/);

    const run = await cli(['import', csv, '--source', 'Web form', '--tag', 'cli'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 created/);
    const leads = () => recordShards.flatMap((k) => {
      const map = collectionMap(teammate.store.doc(k), 'leads');
      return recordIds(map).map((id) => readRecord(map, 'leads', id)!);
    });
    await waitFor(() => leads().length === 1, 10_000, 'the teammate to see the imported lead');
    expect(leads()[0]).toMatchObject({ name: { prefix: 'Ms.', first: 'Katherine', last: 'Johnson' }, sourceId: 'web-form', tags: ['cli'], createdBy: expect.any(String) });

    const google = await cli(['import', join(root, 'test/fixtures/io/google-contacts.csv'), '--as', 'leads'], env);
    expect(google.code, google.stderr).toBe(0);
    await waitFor(() => leads().length === 4, 10_000, 'the teammate to see the second import');

    const list = await cli(['list', 'leads', '--status', 'Unqualified'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    expect(list.stdout).toContain('Katherine Johnson\tkatherine@nasa.test\tNASA\tUnqualified');

    const backupFile = join(dir, 'backup.json');
    const backup = await cli(['backup', backupFile], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(await readFile(backupFile, 'utf8')).records.leads).toHaveLength(4);

    const refused = await cli(['restore', backupFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/isn't empty/);
    const local = await cli(['restore', backupFile, '--local', join(dir, 'local')]);
    expect(local.code, local.stderr).toBe(0);
    const localList = await cli(['list', 'leads', '--local', join(dir, 'local')]);
    expect(localList.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('a bad token is refused with the relay\'s reason and exit code 1; missing flags are a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const relay = await spawnRelay(['--port', String(await freePort()), '--data', join(dir, 'relay')]);
    cleanup.push(() => relay.kill('SIGTERM'));
    const { workspace } = await createWorkspaceOver(relay.httpUrl, await operatorKey(join(dir, 'relay')));
    const forged = ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', ws: workspace.id })).toString('base64url'), 'bad'].join('.');
    const bad = await cli(['list', 'leads', '--relay', relay.wsUrl, '--workspace', workspace.id, '--token', forged]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the connection|Token/);
    const usage = await cli(['list', 'leads', '--relay', relay.wsUrl]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --workspace ID/);
  });

  it('signs in with an invite once: the credential is saved (owner-only) and later runs need no token; a used invite and a damaged file get clear errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const relay = await spawnRelay(['--port', String(await freePort()), '--data', join(dir, 'relay')]);
    cleanup.push(() => relay.kill('SIGTERM'));
    const key = await operatorKey(join(dir, 'relay'));
    const { workspace, admin } = await createWorkspaceOver(relay.httpUrl, key);
    const invite = await fetch(`${relay.httpUrl}/admin/workspaces/${workspace.id}/invites`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Nightly script', role: 'member' }) });
    expect(invite.ok).toBe(true);
    const { token } = (await invite.json()) as { token: string };
    const file = join(dir, 'config', 'credentials.json');
    const env = { OUTPOST_RELAY: relay.wsUrl, OUTPOST_WORKSPACE: workspace.id, OUTPOST_CREDENTIALS: file };

    // The admin's own credential works as before, without touching the file (and seeds the workspace's config).
    const direct = await cli(['list', 'leads', '--token', admin.token], env);
    expect(direct.code, direct.stderr).toBe(0);

    const none = await cli(['list', 'leads'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No saved sign-in for workspace .* pass an invite with --token/);

    const first = await cli(['import', join(root, 'test/fixtures/io/salesforce-leads.csv'), '--token', token], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/credential is saved in .*credentials\.json; next time leave out --token/);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { credentials: Record<string, { token: string; renewAfter: string }> };
    const credential = Object.values(saved.credentials)[0];
    expect(credential.token).not.toBe(token);
    expect(Date.parse(credential.renewAfter)).toBeGreaterThan(Date.now());
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const again = await cli(['list', 'leads'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Katherine Johnson');

    // The invite was used: on another computer (another install) it is refused with the relay's reason.
    const elsewhere = join(dir, 'other', 'credentials.json');
    const reused = await cli(['list', 'leads', '--token', token], { ...env, OUTPOST_CREDENTIALS: elsewhere });
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/refused the invite/);
    await expect(stat(elsewhere)).rejects.toThrow();

    await writeFile(file, '{ not json');
    const damaged = await cli(['list', 'leads'], env);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/damaged: remove the file/);
  });
});
