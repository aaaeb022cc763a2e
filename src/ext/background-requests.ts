import { z } from '../domain/zod.ts';

/**
 * Messages for the background (not the engine): tagged by `type`, parsed on arrival. Extends
 * the foundation's requests (src/ext/messages.ts) with what the UI needs.
 */
export const UiBackgroundRequest = z.discriminatedUnion('type', [
  z.object({ target: z.literal('background'), type: z.literal('profile') }),
  z.object({ target: z.literal('background'), type: z.literal('ensure-engine') }),
  /** The profile changed workspace (joined a team): the engine restarts on the new one. */
  z.object({ target: z.literal('background'), type: z.literal('restart-engine') }),
]);
export type UiBackgroundRequest = z.infer<typeof UiBackgroundRequest>;
