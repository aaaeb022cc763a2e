import type * as awarenessProtocol from 'y-protocols/awareness';

/** A teammate with a record open: the relay stamps `member.id` from the token, the name is theirs. */
export type Viewer = { memberId: string; name: string };

/** What each engine publishes on the records room's awareness. */
export type PresenceState = { user: { name: string }; viewing: string[]; member?: { id: string; role: string } };

/** Pages say what they show at least this often; a page silent for longer (closed, crashed) views nothing. */
export const PRESENCE_PAGE_TTL_MS = 5000;

/** At most this many records published: the relay closes a connection whose awareness state passes 16 KB. */
export const MAX_PUBLISHED_VIEWING = 50;

/**
 * "Who else is viewing this record": the engine gathers the records its pages have open
 * ("leads:ID", from the side panel and dashboard tabs) into its awareness state on the records
 * room, and reads the other members' states back. Pure apart from the Awareness instance.
 */
export function createPresence(awareness: awarenessProtocol.Awareness, me: { memberId: string; name: string }, now: () => number = Date.now) {
  const pages = new Map<string, { viewing: string[]; seen: number }>();
  let published = '';

  const publish = () => {
    const viewing = [...new Set([...pages.values()].flatMap((p) => p.viewing))].sort().slice(0, MAX_PUBLISHED_VIEWING);
    const key = viewing.join(',');
    if (key === published && awareness.getLocalState()) return;
    published = key;
    awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), user: { name: me.name }, viewing } satisfies PresenceState);
  };

  /** Drops pages that stopped saying what they show. */
  const prune = () => {
    const cutoff = now() - PRESENCE_PAGE_TTL_MS;
    for (const [page, p] of pages) if (p.seen < cutoff) pages.delete(page);
    publish();
  };

  /** Other members viewing `record`, one entry per member, in name order. */
  const othersViewing = (record: string): Viewer[] => {
    const found = new Map<string, Viewer>();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const s = state as Partial<PresenceState>;
      const memberId = s.member?.id;
      if (!memberId || memberId === me.memberId || !Array.isArray(s.viewing) || !s.viewing.includes(record)) continue;
      const name = typeof s.user?.name === 'string' && s.user.name.trim() ? s.user.name.trim().slice(0, 80) : 'A teammate';
      found.set(memberId, { memberId, name });
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  publish();
  return {
    /** A page shows these records now (none: it left them); answers who else views each. */
    view(page: string, viewing: string[]): Record<string, Viewer[]> {
      if (viewing.length) pages.set(page, { viewing, seen: now() });
      else pages.delete(page);
      prune();
      return Object.fromEntries(viewing.map((r) => [r, othersViewing(r)]));
    },
    prune,
    othersViewing,
  };
}
export type Presence = ReturnType<typeof createPresence>;
