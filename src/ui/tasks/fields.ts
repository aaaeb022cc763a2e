import { configChoice, dateTime, fixedChoice, text, type FieldSpec } from '../records/field-kinds.ts';

export const TASK_FIELDS: FieldSpec[] = [
  text('name', 'Task'), dateTime('dueAt', 'Due'), dateTime('reminderAt', 'Reminder'),
  fixedChoice('status', 'Status', ['open', 'done']), fixedChoice('priority', 'Priority', ['none', 'low', 'medium', 'high']),
  configChoice('assigneeId', 'Assignee', 'members', { empty: 'Nobody' }), text('details', 'Details', 'textarea'),
];
