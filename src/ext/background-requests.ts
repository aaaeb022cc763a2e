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
  /**
   * The engine's own writes of the stored profile (a renewed credential, the role the relay holds,
   * settings to retake), from the offscreen document, which has no `browser.storage`: the
   * background keeps them. Only the profile of the workspace and member stored now.
   */
  z.object({ target: z.literal('background'), type: z.literal('keep-profile'), profile: z.object({ workspaceId: z.string().min(1).max(200), memberId: z.string().min(1).max(200) }).passthrough() }),
]);
export type UiBackgroundRequest = z.infer<typeof UiBackgroundRequest>;
