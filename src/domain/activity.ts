import { z } from './zod.ts';
import { Id, LongText, Meta, ShortText, Timestamp } from './common.ts';
import { RecordRef } from './records.ts';

/** Built-in activity kinds; admins add custom activity types in config (category 'user'). */
export const BUILTIN_ACTIVITY_TYPES = ['note', 'call', 'meeting', 'email', 'system'] as const;

export const EmailMeta = z
  .object({
    subject: ShortText.default(''),
    from: ShortText,
    to: z.array(ShortText).max(100).default([]),
    date: Timestamp.optional(),
    messageId: z.string().max(1000).optional(),
  })
  .strict();

/** A system activity: a status or stage change, written by the store, never by input. */
export const SystemChange = z
  .object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })
  .strict();

export const ActivityFields = z
  .object({
    typeId: Id, // 'note' | 'call' | 'meeting' | 'email' | a custom activity type id
    parent: RecordRef,
    date: Timestamp.optional(), // when it happened; defaults to now
    details: LongText.default(''),
    email: EmailMeta.optional(),
  })
  .strict();

export const Activity = ActivityFields.extend({
  id: Id,
  ...Meta,
  date: Timestamp,
  authorId: z.string(),
  system: SystemChange.optional(),
}).strict();
export type Activity = z.infer<typeof Activity>;
export type ActivityInput = z.input<typeof ActivityFields>;
