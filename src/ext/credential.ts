import { relayHttpUrl } from '../domain/index.ts';

/**
 * The member's sign-in to a team relay, kept alive. An invite link is exchanged once (at join, or
 * at the first start that reaches the relay) for a member credential; the credential is renewed
 * once half its life has passed, whenever the relay can be reached, so a member who keeps using
 * Outpost never signs in again. When it lapsed anyway (months offline), the relay refuses it with
 * a reason that asks for a new invite; joining the same workspace with it keeps every local
 * change, which syncs once connected. No browser API here: the extension passes its storage and
 * fetch, tests pass Node's.
 */
export type RelayCredential = {
  url: string;
  token: string;
  /** Absent for an invite not yet exchanged, and for credentials from before renewals. */
  expiresAt?: string;
  /** On this device's clock (`credentialFrom`); the relay's date for credentials kept before it. */
  renewAfter?: string;
};

/** `issuedAt`: the relay's clock when it answered (absent from relays before it: `renewAfter` is then read as a date). */
export type CredentialAnswer = { token: string; issuedAt?: string; expiresAt: string; renewAfter: string; member: { id: string; role: string; name: string }; workspace: { id: string; name: string } };

/** What a token is, read from its claims (the relay checks the signature). Older tokens had no `typ`: credentials. */
export function tokenKind(token: string): 'invite' | 'member' | 'unreadable' {
  const part = token.split('.')[1];
  if (!part) return 'unreadable';
  try {
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { typ?: string };
    return claims.typ === 'invite' ? 'invite' : 'member';
  } catch {
    return 'unreadable';
  }
}

export class RelayRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function post(doFetch: typeof fetch, url: string, path: string, token: string, body: unknown): Promise<CredentialAnswer> {
  const httpUrl = relayHttpUrl(url);
  let res: Response;
  try {
    res = await doFetch(`${httpUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error(`The relay at ${httpUrl} cannot be reached: check that it is running and that this computer can reach it.`);
  }
  const json = (await res.json().catch(() => ({}))) as Partial<CredentialAnswer> & { error?: string };
  if (!res.ok || !json.token) throw new RelayRefused(res.status, json.error ?? `The relay refused the request (HTTP ${res.status}).`);
  return json as CredentialAnswer;
}

/** `POST /auth/exchange`: the invite, once, for a member credential. `installId` makes a retry after a lost answer safe. */
export const exchangeInvite = (o: { url: string; invite: string; installId: string; fetch?: typeof fetch }) =>
  post(o.fetch ?? globalThis.fetch.bind(globalThis), o.url, '/auth/exchange', o.invite, { installId: o.installId });

/** `POST /auth/renew`: a fresh credential while the member still has access. */
export const renewCredential = (o: { url: string; token: string; fetch?: typeof fetch }) => post(o.fetch ?? globalThis.fetch.bind(globalThis), o.url, '/auth/renew', o.token, {});

/**
 * The credential kept from a relay's answer. Its `renewAfter` is on this device's clock: the span
 * the relay gives (`renewAfter - issuedAt`) counted from now, so a device clock days or weeks off
 * the relay's renews after the same span of use (read as the relay's date, a clock 20 days behind
 * renewed after the credential had lapsed, and the member was signed out for good).
 */
export const credentialFrom = (url: string, a: CredentialAnswer, now: () => number = Date.now): RelayCredential => {
  const span = a.issuedAt ? Date.parse(a.renewAfter) - Date.parse(a.issuedAt) : NaN;
  const renewAfter = Number.isFinite(span) ? new Date(now() + Math.max(0, span)).toISOString() : a.renewAfter;
  return { url, token: a.token, expiresAt: a.expiresAt, renewAfter };
};

export type KeeperOptions = {
  read(): Promise<RelayCredential | undefined>;
  write(credential: RelayCredential): Promise<void>;
  installId: string;
  fetch?: typeof fetch;
  now?: () => number;
};

export type KeeperResult =
  | { state: 'ok'; credential: RelayCredential; changed: boolean }
  /** The relay could not be reached: keep using what we have, try again later. */
  | { state: 'offline'; credential: RelayCredential; error: string }
  /** The relay said no (used or expired invite, revoked, lapsed): a new invite is the way back. */
  | { state: 'refused'; credential: RelayCredential; error: string };

/**
 * One step of keeping the sign-in alive: exchange a stored invite, or renew a credential past its
 * `renewAfter` (credentials without one, from before renewals, are renewed at once).
 */
export function createCredentialKeeper(o: KeeperOptions) {
  const now = o.now ?? Date.now;
  let running: Promise<KeeperResult | null> | null = null;
  const step = async (): Promise<KeeperResult | null> => {
    const current = await o.read();
    if (!current) return null;
    const kind = tokenKind(current.token);
    const due = kind === 'invite' || !current.renewAfter || Date.parse(current.renewAfter) <= now();
    if (!due) return { state: 'ok', credential: current, changed: false };
    try {
      const answer = kind === 'invite' ? await exchangeInvite({ url: current.url, invite: current.token, installId: o.installId, fetch: o.fetch }) : await renewCredential({ url: current.url, token: current.token, fetch: o.fetch });
      const next = credentialFrom(current.url, answer, now);
      await o.write(next);
      return { state: 'ok', credential: next, changed: true };
    } catch (error) {
      const message = (error as Error).message;
      return error instanceof RelayRefused ? { state: 'refused', credential: current, error: message } : { state: 'offline', credential: current, error: message };
    }
  };
  return {
    /** Runs one step (callers at once share one run). */
    ensure(): Promise<KeeperResult | null> {
      running ??= step().finally(() => (running = null));
      return running;
    },
  };
}
export type CredentialKeeper = ReturnType<typeof createCredentialKeeper>;
