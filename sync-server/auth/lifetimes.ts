/**
 * How long each kind of credential lives. Pure: the relay enforces these, the extension's forms
 * offer them (src/ui/models/team-model.ts).
 */
/** Invites are single use and short-lived: a link that sits in a chat log stops working soon. */
export const MAX_INVITE_DAYS = 30;
export const DEFAULT_INVITE_DAYS = 7;
/** A member credential; clients renew it once half of it has passed, so an active member never signs in again. */
export const CREDENTIAL_DAYS = 30;
