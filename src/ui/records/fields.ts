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

