import type { Collection } from '../../domain/index.ts';

/** A record type's name in words. No field catalogue here: the side panel's first list counts with it. */
export const LABELS: Record<Collection, { one: string; many: string }> = {
  leads: { one: 'Lead', many: 'Leads' }, people: { one: 'Person', many: 'People' }, companies: { one: 'Company', many: 'Companies' },
  opportunities: { one: 'Opportunity', many: 'Opportunities' }, tasks: { one: 'Task', many: 'Tasks' },
};

/** 2400 → "2,400" (the one rule lives with the count in words, src/domain/counted.ts). */
export { groupDigits } from '../../domain/counted.ts';
import { groupDigits } from '../../domain/counted.ts';

/** "1 person", "2,400 people": a count of records in words. */
export const countLabel = (n: number, type: Collection) => `${groupDigits(n)} ${(n === 1 ? LABELS[type].one : LABELS[type].many).toLowerCase()}`;

/** An empty list whose records were all deleted: where they went ("No people here: 3 people in the Trash."). */
export const trashedText = (type: Collection, n: number) => `No ${LABELS[type].many.toLowerCase()} here: ${countLabel(n, type)} in the Trash.`;

/** An unset choice, as a person says it: "No source", "No loss reason" (a bare dash read as a glitch). */
export const emptyChoiceText = (label: string) => `No ${label.trim().toLowerCase()}`;
/** Nobody in a member field, in the words the record's header uses too: "No owner", "Unassigned". */
export const noMemberText = (label: string) => (/^assignee$/i.test(label.trim()) ? 'Unassigned' : emptyChoiceText(label));
