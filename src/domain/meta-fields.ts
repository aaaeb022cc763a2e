/**
 * The bookkeeping keys every record carries (not user fields). Kept apart from `common.ts` and its
 * zod schemas: the side panel's read port reads field history with them (`createdFields`), and
 * zod must stay out of that code (test/e2e/sidepanel-first-paint.test.ts).
 */
export const META_FIELDS = ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'deletedBy'] as const;
