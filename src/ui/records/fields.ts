import type { Collection } from '../../domain/index.ts';
import { LEAD_FIELDS } from '../leads/fields.ts';
import { PERSON_FIELDS } from '../people/fields.ts';
import { COMPANY_FIELDS } from '../companies/fields.ts';
import { OPPORTUNITY_FIELDS } from '../opportunities/fields.ts';
import { TASK_FIELDS } from '../tasks/fields.ts';
import type { FieldSpec } from './field-kinds.ts';

export const FIELDS: Record<Collection, FieldSpec[]> = {
  leads: LEAD_FIELDS, people: PERSON_FIELDS, companies: COMPANY_FIELDS, opportunities: OPPORTUNITY_FIELDS, tasks: TASK_FIELDS,
};

export const LABELS: Record<Collection, { one: string; many: string }> = {
  leads: { one: 'Lead', many: 'Leads' }, people: { one: 'Person', many: 'People' }, companies: { one: 'Company', many: 'Companies' },
  opportunities: { one: 'Opportunity', many: 'Opportunities' }, tasks: { one: 'Task', many: 'Tasks' },
};
