import type { Collection } from '../../domain/index.ts';

/** The "New …" wording per record type (menus, dialog titles). */
export const NEW_LABEL: Record<Collection, string> = {
  leads: 'New lead', people: 'New person', companies: 'New company', opportunities: 'New deal', tasks: 'New task',
};
