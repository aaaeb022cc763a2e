import { browser } from 'wxt/browser';
import { ReadDB, readDbName } from '../store/read-db.ts';
import type { KeyValueStorage } from './profile.ts';
import { loadOrCreateProfile } from './profile.ts';
import { notify } from './notify.ts';

const ALARM = 'outpost-reminders';
/** Reminders already shown end here, so a restarted background never shows one twice. */
const CHECKED_KEY = 'outpost.remindersCheckedUntil';

/** Task reminders as browser notifications: a one-minute alarm reads due reminders from the read model. */
export function startReminders(storage: KeyValueStorage): void {
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => { if (alarm.name === ALARM) void checkReminders(storage); });
}

export async function checkReminders(storage: KeyValueStorage, now = Date.now()): Promise<number> {
  const profile = await loadOrCreateProfile(storage);
  const since = ((await storage.get(CHECKED_KEY)) as number | undefined) ?? now - 60_000;
  const db = new ReadDB(readDbName(profile.workspaceId));
  try {
    const tasks = await db.records.where('[type+statusId]').equals(['tasks', 'open']).toArray();
    const due = tasks.filter((t) => {
      const d = t.data as { reminderAt?: number; assigneeId?: string };
      return !t.deleted && typeof d.reminderAt === 'number' && d.reminderAt > since && d.reminderAt <= now && (!d.assigneeId || d.assigneeId === profile.memberId);
    });
    for (const t of due) await notify('Task reminder', String((t.data as { name?: string }).name ?? 'A task'), `task:${t.id}`);
    await storage.set(CHECKED_KEY, now);
    return due.length;
  } finally {
    db.close();
  }
}
