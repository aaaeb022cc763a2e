import { SignJWT, jwtVerify, errors } from 'jose';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from './roles.ts';

/** What a member token says. `jti` makes a single token revocable. */
export const TokenClaims = z.object({
  ws: z.string().min(1),
  sub: z.string().min(1),
  role: z.enum(ROLES),
  jti: z.string().min(1),
  exp: z.number(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

const ISSUER = 'outpost-relay';

export type TokenKeys = { secret: Uint8Array };

export const newSecret = () => randomBytes(32).toString('base64url');
export const keysFromSecret = (secret: string): TokenKeys => ({ secret: new TextEncoder().encode(secret) });

export type MintInput = { workspaceId: string; memberId: string; role: Role; expiresInSeconds: number };

export async function mintToken(keys: TokenKeys, input: MintInput): Promise<{ token: string; jti: string; exp: number }> {
  const jti = randomBytes(12).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + input.expiresInSeconds;
  const token = await new SignJWT({ ws: input.workspaceId, role: input.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(input.memberId)
    .setIssuer(ISSUER)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(keys.secret);
  return { token, jti, exp };
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

/** Never throws: every failure becomes a reason a person can read. */
export async function verifyToken(keys: TokenKeys, token: string | null | undefined): Promise<VerifyResult> {
  if (!token) return { ok: false, reason: 'No token: ask an admin for an invite.' };
  try {
    const { payload } = await jwtVerify(token, keys.secret, { issuer: ISSUER, algorithms: ['HS256'] });
    const parsed = TokenClaims.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'Token is missing workspace, member or role.' };
    return { ok: true, claims: parsed.data };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'Token expired: ask an admin for a new invite.' };
    return { ok: false, reason: 'Token is not valid for this relay.' };
  }
}
