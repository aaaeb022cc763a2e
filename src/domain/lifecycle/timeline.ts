/**
 * One email, one line: when two records that logged the same message are merged (or a lead and
 * the person it became both have it), the timeline, which is the union of their activities,
 * shows it once. Emails are the same when their Message-ID is ("<ID@host>", any case).
 */
export function messageKey(messageId: string | undefined): string | undefined {
  const k = messageId?.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return k || undefined;
}

/** The activities without repeated emails, order kept (the first of each message stays). */
export function withoutRepeatedEmails<T extends { email?: { messageId?: string } }>(activities: T[]): T[] {
  const seen = new Set<string>();
  return activities.filter((a) => {
    const k = messageKey(a.email?.messageId);
    if (!k) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
