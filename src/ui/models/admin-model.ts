import { signal } from '@preact/signals';
import type { AdminAction, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';

/** Admin settings: every change goes to the engine, which refuses non-admins ("Admins only"). */
export function createAdminModel(write: WritePort) {
  /** Errors by section, so a message shows next to the list that caused it. */
  const errors = signal<Record<string, string>>({});
  const message = signal('');
  /** The last change confirmed in each section, shown in that section (not at the top of the page). */
  const messages = signal<Record<string, string>>({});
  return {
    errors, message, messages,
    /**
     * A new entry's name checked before it is sent: blank, the section says `message` (the
     * engine's answer was "a name is needed", lowercase, after a round trip). False when refused.
     */
    named(section: string, name: string, message: string): boolean {
      if (name.trim()) return true;
      errors.value = { ...errors.value, [section]: message };
      messages.value = { ...messages.value, [section]: '' };
      return false;
    },
    async run(section: string, action: AdminAction, done = 'Saved'): Promise<boolean> {
      try {
        await write.admin(action);
        errors.value = { ...errors.value, [section]: '' };
        message.value = done;
        messages.value = { ...messages.value, [section]: done };
        return true;
      } catch (e) {
        errors.value = { ...errors.value, [section]: fieldErrors(e).map((x) => x.message).join('; ') };
        messages.value = { ...messages.value, [section]: '' };
        return false;
      }
    },
  };
}
export type AdminModel = ReturnType<typeof createAdminModel>;

/** The ids of a list after moving one entry up (-1) or down (+1). */
export function moved(ids: string[], id: string, dir: -1 | 1): string[] {
  const i = ids.indexOf(id);
  const j = i + dir;
  if (i < 0 || j < 0 || j >= ids.length) return ids;
  const out = [...ids];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
