import { SignJWT, jwtVerify, errors } from 'jose';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from './roles.ts';

/**
 * What a signed token says. `typ` tells an invite (single use, exchanged once at first connect)
 * from a member credential (what a client connects with; renewed while it is in use). `gen` is the
 * member's generation when the token was minted: revoking a member moves the generation on, so
 * no token minted before can ever work again, whatever happens to the member afterwards.
 * Tokens minted before credentials had a lifecycle carry neither: they read as member
 * credentials of generation 0 (the generation every stored member starts from).
 */
export const TOKEN_TYPES = ['invite', 'member'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const TokenClaims = z.object({
  ws: z.string().min(1),
  sub: z.string().min(1),
  role: z.enum(ROLES),
  jti: z.string().min(1),
  exp: z.number(),
  typ: z.enum(TOKEN_TYPES).default('member'),
  gen: z.number().int().nonnegative().default(0),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

const ISSUER = 'outpost-relay';

export type TokenKeys = { secret: Uint8Array };
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export const newSecret = () => randomBytes(32).toString('base64url');
export const keysFromSecret = (secret: string): TokenKeys => ({ secret: new TextEncoder().encode(secret) });

export type MintInput = { workspaceId: string; memberId: string; role: Role; expiresInSeconds: number; type?: TokenType; generation?: number };

export async function mintToken(keys: TokenKeys, input: MintInput, clock: Clock = systemClock): Promise<{ token: string; jti: string; exp: number }> {
  const jti = randomBytes(12).toString('base64url');
  const nowSeconds = Math.floor(clock().getTime() / 1000);
  const exp = nowSeconds + input.expiresInSeconds;
  const token = await new SignJWT({ ws: input.workspaceId, role: input.role, typ: input.type ?? 'member', gen: input.generation ?? 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(input.memberId)
    .setIssuer(ISSUER)
    .setJti(jti)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(exp)
    .sign(keys.secret);
  return { token, jti, exp };
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: string; expired?: boolean };

export const EXPIRED_REASON = 'Your sign-in expired (it lapsed while unused): ask an admin for a new invite link; nothing on this device is lost.';

/** Never throws: every failure becomes a reason a person can read. */
export async function verifyToken(keys: TokenKeys, token: string | null | undefined, clock: Clock = systemClock): Promise<VerifyResult> {
  if (!token) return { ok: false, reason: 'No token: ask an admin for an invite.' };
  try {
    const { payload } = await jwtVerify(token, keys.secret, { issuer: ISSUER, algorithms: ['HS256'], currentDate: clock() });
    const parsed = TokenClaims.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'Token is missing workspace, member or role.' };
    return { ok: true, claims: parsed.data };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: EXPIRED_REASON, expired: true };
    return { ok: false, reason: 'Token is not valid for this relay.' };
  }
}
