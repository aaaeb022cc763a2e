import { newId } from '../domain/ids.ts';
import type { Role } from '../domain/index.ts';
import type { RelayCredential } from './credential.ts';

/** Who this browser profile is in which workspace, kept in extension storage. */
export type Profile = {
  workspaceId: string;
  memberId: string;
  role: Role;
  name: string;
  email?: string;
  /** The team relay and this member's sign-in to it (src/ext/credential.ts): an invite until exchanged, then a credential renewed while in use. */
  relay?: RelayCredential;
  /** Random per browser profile: lets an invite exchange whose answer was lost be retried. */
  installId?: string;
  /** A workspace on this device whose records join this one when the engine starts (first run: "bring what is here"). */
  carryFrom?: string;
  /**
   * Set when a member rejoins the workspace whose copy they kept, or when the relay refused this
   * device's settings changes (admin-only: a member demoted from admin while offline): the
   * engine's next start takes the team's settings instead of this device's
   * (`EngineOptions.retakeConfig`), then clears it.
   */
  retakeConfig?: true;
};

export type KeyValueStorage = { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };

export const PROFILE_KEY = 'outpost.profile';

/** Set while this page switches the profile to another workspace (it reloads itself when done). */
export const switching = { workspace: false };

type LockManager = { request<T>(name: string, cb: () => Promise<T>): Promise<T> };
let inProcess: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` alone among every context of the extension: the background, the offscreen engine,
 * the side panel and the dashboard all call `loadOrCreateProfile` at first start, and without
 * one lock each could mint its own workspace (the page then reads a read model the engine never
 * writes). Web Locks are shared by all pages and workers of one origin; where there are none
 * (Node), calls in this process queue behind each other.
 */
function exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (locks) return locks.request(name, fn);
  const run = inProcess.then(fn, fn);
  inProcess = run.catch(() => {});
  return run;
}

/** The profile saved last time, or null before the first start (it creates nothing: `loadOrCreateProfile` does). */
export async function storedProfile(storage: KeyValueStorage): Promise<Profile | null> {
  const stored = (await storage.get(PROFILE_KEY)) as Profile | undefined;
  return stored?.workspaceId && stored.memberId ? stored : null;
}

/** The stored profile, or a new local-only workspace where this user is admin ("just me"). */
export async function loadOrCreateProfile(storage: KeyValueStorage): Promise<Profile> {
  const stored = await storedProfile(storage);
  if (stored) return stored;
  return exclusive(PROFILE_KEY, async () => {
    const again = await storedProfile(storage);
    if (again) return again;
    const profile: Profile = { workspaceId: `local-${newId()}`, memberId: newId(), role: 'admin', name: '' };
    await storage.set(PROFILE_KEY, profile);
    return profile;
  });
}

/** This browser profile's install id (made once; profiles stored before it get one from their member id). */
export const installIdOf = (p: Profile) => p.installId ?? `member-${p.memberId}`;

/**
 * The profile a page starts with: the one its entry read before the page's code loaded
 * (`early`: `storedProfile`, read while that code loads), else the stored or a new one. The
 * early read can be stale: a profile switched or joined between it and the moment the page
 * listens for changes would go unseen, so, once `boot` has registered that listener, the profile
 * is read again and `onMoved` is called with it if it names another workspace (the page then
 * starts over, and shows that workspace's rows).
 */
export async function startProfile(
  storage: KeyValueStorage, early: Promise<Profile | null> | undefined, boot: (p: Profile) => void, onMoved: (p: Profile) => void,
): Promise<Profile> {
  const first = (await early?.catch(() => null)) ?? null;
  const profile = first ?? await loadOrCreateProfile(storage);
  boot(profile);
  if (first) {
    // Read, never created: a check must not make a workspace.
    void storedProfile(storage).then((now) => {
      if (now && now.workspaceId !== first.workspaceId && !switching.workspace) onMoved(now);
    }, (e: unknown) => console.error('Outpost: the profile could not be read again', e));
  }
  return profile;
}
