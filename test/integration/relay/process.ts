import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';

const root = new URL('../../../', import.meta.url).pathname;

/** The relay as its own process (`node --import tsx sync-server/main.ts`), for kill -9 tests. */
export async function spawnRelay(args: string[]): Promise<{ child: ChildProcess; httpUrl: string; wsUrl: string; kill(signal?: NodeJS.Signals): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sync-server/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Outpost relay on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    httpUrl: started,
    wsUrl: started.replace('http', 'ws'),
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      child.kill(signal);
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function operatorKey(dataDir: string) {
  return (await readFile(join(dataDir, 'operator.key'), 'utf8')).trim();
}

/** Creates a workspace with the operator key and exchanges the first admin's invite: `admin.token` is their credential. */
export async function createWorkspaceOver(httpUrl: string, key: string) {
  const res = await fetch(`${httpUrl}/admin/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Crash' }) });
  const created = (await res.json()) as { workspace: { id: string }; invite: { token: string; link: string } };
  return { ...created, admin: await exchangeOver(httpUrl, created.invite.token) };
}

/** `POST /auth/exchange`: an invite for a member credential. */
export async function exchangeOver(httpUrl: string, invite: string, installId?: string) {
  const res = await fetch(`${httpUrl}/auth/exchange`, { method: 'POST', headers: { authorization: `Bearer ${invite}`, 'content-type': 'application/json' }, body: JSON.stringify(installId ? { installId } : {}) });
  const body = (await res.json()) as { token: string; expiresAt: string; renewAfter: string; member: { id: string }; error?: string };
  if (!res.ok) throw new Error(`exchange refused (${res.status}): ${body.error}`);
  return body;
}
