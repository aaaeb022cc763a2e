import { z } from '../domain/zod.ts';

/** Messages for the background (not the engine): tagged by `type`, parsed on arrival. */
export const BackgroundRequest = z.discriminatedUnion('type', [
  z.object({ target: z.literal('background'), type: z.literal('profile') }),
  z.object({ target: z.literal('background'), type: z.literal('ensure-engine') }),
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequest>;
