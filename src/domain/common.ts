import { z } from './zod.ts';
import { phoneInputProblem } from './identity/phones.ts';
import { webUrlProblem } from './identity/web.ts';

// Caps protect every consumer (read model, relay, UI) from a hostile page or peer sending huge
// values; a real CRM field never needs more.
export const MAX_SHORT = 300;
export const MAX_LONG = 100_000;
export const MAX_LIST = 50;

export const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9._~:-]+$/, 'must be letters, digits or . _ ~ : -');
export const ShortText = z.string().trim().max(MAX_SHORT);
export const LongText = z.string().max(MAX_LONG);
export const Timestamp = z.number().int().nonnegative(); // epoch milliseconds
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const Email = z.string().trim().toLowerCase().max(MAX_SHORT).pipe(z.email('must be an email address'));
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code (ISO 4217)');
export const Money = z.number().finite().nonnegative('must be zero or more');
export const Tags = z.array(z.string().trim().min(1).max(60)).max(MAX_LIST).default([]);

export const ContactCategory = z.enum(['work', 'personal', 'mobile', 'home', 'fax', 'other']);

export const Name = z
  .object({
    prefix: ShortText.optional(),
    first: ShortText.optional(),
    middle: ShortText.optional(),
    last: ShortText.optional(),
    suffix: ShortText.optional(),
  })
  .strict();
export type Name = z.infer<typeof Name>;

export const EmailEntry = z.object({ email: Email, category: ContactCategory.default('work') }).strict();
/** Refuses what identity's rule says is not a phone ("call me maybe"), with its reason. */
const PhoneNumber = z.string().trim().min(1, 'must not be empty').max(40).superRefine((v, ctx) => {
  const problem = v ? phoneInputProblem(v) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A link a teammate will click: http or https only (never javascript:, data:, file:). */
const WebUrl = z.string().trim().min(1, 'must not be empty').max(2048).superRefine((v, ctx) => {
  const problem = v ? webUrlProblem(v) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const PhoneEntry = z
  .object({
    number: PhoneNumber,
    category: ContactCategory.default('work'),
  })
  .strict();
export const UrlEntry = z
  .object({
    url: WebUrl,
    category: z.string().trim().max(40).default('other'),
  })
  .strict();

export const Address = z
  .object({
    street: ShortText.optional(),
    city: ShortText.optional(),
    state: ShortText.optional(),
    postalCode: ShortText.optional(),
    country: ShortText.optional(),
  })
  .strict();
export type Address = z.infer<typeof Address>;

/** Who did it and when: every record carries these, set by the store, never by input. */
export const Meta = {
  createdAt: Timestamp,
  createdBy: z.string(),
  updatedAt: Timestamp,
  updatedBy: z.string(),
  deletedAt: Timestamp.optional(),
  deletedBy: z.string().optional(),
};
export { META_FIELDS } from './meta-fields.ts';

/** Values of custom fields, keyed by the field definition's id; validated against definitions. */
export const CustomValues = z.record(Id, z.unknown()).default({});

export { fullName } from './full-name.ts';
