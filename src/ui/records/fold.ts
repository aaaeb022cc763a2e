import type { Section } from '../../domain/fields/index.ts';
import type { FieldSpec } from './field-kinds.ts';

/**
 * Sections shown as they are: who the record is (About, with owner and status), the fields an
 * admin added for reps to fill (Custom fields), and the free text.
 */
const KEPT: readonly Section[] = ['main', 'custom', 'details'];
/** Sections whose fields are parts of one thing (an address): they open all at once. */
const WHOLE: readonly Section[] = ['address'];
/** Kinds whose empty state is itself worth seeing: a box not ticked, choices not chosen. */
const ALWAYS_SHOWN: readonly FieldSpec['kind'][] = ['checkbox', 'multi'];

export type Fold = {
  /** The editors to show. */
  shown: FieldSpec[];
  /** Empty fields folded into one line that names each ("Empty: + Phones + Websites"). */
  folded: FieldSpec[];
  /** The whole section is empty and opens as one ("No address · Add address"). */
  whole: boolean;
};

/**
 * Which fields of a record page's section show as editors, and which fold into one line: a
 * section of empty fields was a stack of "—" boxes (a person's page at 360 px was mostly empty
 * fields). An empty field folds unless it has an error or a conflict (`blank` says no), was
 * opened by the rep (`opened`: its key, or the section's name for a whole one), or its emptiness
 * is a value (a checkbox). Every folded field stays named, one click from its editor.
 */
export function foldEmpty(section: Section, list: FieldSpec[], blank: (f: FieldSpec) => boolean, opened: ReadonlySet<string>): Fold {
  if (KEPT.includes(section)) return { shown: list, folded: [], whole: false };
  if (WHOLE.includes(section)) {
    const whole = !opened.has(section) && list.every(blank);
    return whole ? { shown: [], folded: list, whole } : { shown: list, folded: [], whole };
  }
  const folds = (f: FieldSpec) => !ALWAYS_SHOWN.includes(f.kind) && !opened.has(f.key) && blank(f);
  return { shown: list.filter((f) => !folds(f)), folded: list.filter(folds), whole: false };
}
