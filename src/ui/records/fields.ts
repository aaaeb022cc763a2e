import { COLLECTIONS, type Collection } from '../../domain/index.ts';
import { fieldsOf, type CatalogueField } from '../../domain/fields/index.ts';
import type { WorkspaceConfig } from '../ports.ts';
import { specsOf, type FieldSpec } from './field-kinds.ts';

/** The editors of a record type, derived from the field catalogue (src/domain/fields). */
export function specsFor(type: Collection, config: WorkspaceConfig | null): FieldSpec[] {
  return catalogueFor(type, config).flatMap(specsOf);
}

export function catalogueFor(type: Collection, config: WorkspaceConfig | null): CatalogueField[] {
  return fieldsOf(type, config?.customFields ?? []);
}

/** Built-in editors only (no workspace needed): merge and history use these. */
export const FIELDS = Object.fromEntries(COLLECTIONS.map((c) => [c, fieldsOf(c).flatMap(specsOf)])) as Record<Collection, FieldSpec[]>;

export const LABELS: Record<Collection, { one: string; many: string }> = {
  leads: { one: 'Lead', many: 'Leads' }, people: { one: 'Person', many: 'People' }, companies: { one: 'Company', many: 'Companies' },
  opportunities: { one: 'Opportunity', many: 'Opportunities' }, tasks: { one: 'Task', many: 'Tasks' },
};

/** "1 person", "2,400 people": a count of records in words. */
export const countLabel = (n: number, type: Collection) => `${n.toLocaleString('en-US')} ${(n === 1 ? LABELS[type].one : LABELS[type].many).toLowerCase()}`;
