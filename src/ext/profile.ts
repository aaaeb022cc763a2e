import { newId, type Role } from '../domain/index.ts';

/** Who this browser profile is in which workspace, kept in extension storage. */
export type Profile = {
  workspaceId: string;
  memberId: string;
  role: Role;
  name: string;
  email?: string;
  relay?: { url: string; token: string };
};

export type KeyValueStorage = { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };

export const PROFILE_KEY = 'outpost.profile';

/** The stored profile, or a new local-only workspace where this user is admin ("just me"). */
export async function loadOrCreateProfile(storage: KeyValueStorage): Promise<Profile> {
  const stored = (await storage.get(PROFILE_KEY)) as Profile | undefined;
  if (stored?.workspaceId && stored.memberId) return stored;
  const profile: Profile = { workspaceId: `local-${newId()}`, memberId: newId(), role: 'admin', name: '' };
  await storage.set(PROFILE_KEY, profile);
  return profile;
}
