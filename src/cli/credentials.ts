import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createCredentialKeeper, tokenKind, type RelayCredential } from '../ext/credential.ts';

/**
 * The command line's sign-ins, like the extension's: an invite is exchanged once for a member
 * credential, which is saved (one file, readable by its owner only) and renewed when half its life
 * has passed, so a script that runs every night never needs a new invite.
 */
type Saved = { installId: string; credentials: Record<string, RelayCredential> };

export const defaultCredentialsFile = (env: NodeJS.ProcessEnv) =>
  env.OUTPOST_CREDENTIALS ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'outpost', 'credentials.json');

const slot = (url: string, workspaceId: string) => `${url.replace(/\/+$/, '')} ${workspaceId}`;

function load(file: string): Saved {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { installId: `cli-${randomUUID()}`, credentials: {} };
    throw new Error(`Can't read the saved sign-ins in ${file}: ${(e as Error).message}`);
  }
  try {
    const saved = JSON.parse(text) as Partial<Saved>;
    if (typeof saved.installId !== 'string' || typeof saved.credentials !== 'object' || !saved.credentials) throw new Error('unexpected shape');
    return saved as Saved;
  } catch {
    throw new Error(`The saved sign-ins in ${file} are damaged: remove the file and sign in again with an invite (--token INVITE).`);
  }
}

function save(file: string, saved: Saved) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export type SignIn = { token: string; note?: string };

/**
 * The member token to connect with: `token` when it is a member credential; an invite is
 * exchanged and the credential saved; no token uses (and renews if due) the saved one.
 */
export async function signIn(o: { url: string; workspaceId: string; token?: string; file: string; fetch?: typeof fetch }): Promise<SignIn> {
  const key = slot(o.url, o.workspaceId);
  if (o.token && tokenKind(o.token) === 'member') return { token: o.token };
  if (o.token && tokenKind(o.token) === 'unreadable') throw new Error('The token cannot be read: pass the invite or member token your admin gave you.');
  const saved = load(o.file);
  const current: RelayCredential | undefined = o.token ? { url: o.url, token: o.token } : saved.credentials[key];
  if (!current) throw new Error(`No saved sign-in for workspace ${o.workspaceId} at ${o.url}: pass an invite with --token (it is exchanged once and saved in ${o.file}).`);
  const keeper = createCredentialKeeper({
    installId: saved.installId,
    fetch: o.fetch,
    read: async () => current,
    write: async (next) => save(o.file, { ...saved, credentials: { ...saved.credentials, [key]: next } }),
  });
  const result = await keeper.ensure();
  if (!result) throw new Error('No sign-in to use.');
  if (result.state === 'refused') {
    throw new Error(o.token
      ? `The relay refused the invite: ${result.error}`
      : `The relay refused the saved sign-in: ${result.error} Ask an admin for a new invite and pass it with --token.`);
  }
  if (result.state === 'offline' && tokenKind(result.credential.token) === 'invite') throw new Error(result.error);
  const note = result.state === 'ok' && result.changed && o.token ? `Signed in: the credential is saved in ${o.file}; next time leave out --token.` : undefined;
  return { token: result.credential.token, ...(note ? { note } : {}) };
}
