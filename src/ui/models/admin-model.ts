import { signal } from '@preact/signals';
import type { AdminAction, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';

/** Admin settings: every change goes to the engine, which refuses non-admins ("Admins only"). */
export function createAdminModel(write: WritePort) {
  /** Errors by section, so a message shows next to the list that caused it. */
  const errors = signal<Record<string, string>>({});
  const message = signal('');
  return {
    errors, message,
    async run(section: string, action: AdminAction, done = 'Saved'): Promise<boolean> {
      try {
        await write.admin(action);
        errors.value = { ...errors.value, [section]: '' };
        message.value = done;
        return true;
      } catch (e) {
        errors.value = { ...errors.value, [section]: fieldErrors(e).map((x) => x.message).join('; ') };
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
