/** Initials for an avatar: first letters of the first and last words ("Ada King Lovelace" → "AL"). */
export function initials(name: string): string {
  const words = name.trim().split(/[\s@._-]+/u).filter((w) => /\p{L}|\p{N}/u.test(w));
  if (!words.length) return '?';
  const first = [...words[0]].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '';
  const last = words.length > 1 ? [...words[words.length - 1]].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '' : '';
  return (first + last).toUpperCase();
}

/** Backgrounds for initials: each carries white text at ≥ 4.5:1. */
export const AVATAR_COLOURS = ['#0b5cad', '#8250df', '#1a7f37', '#b3261e', '#8a5a00', '#0e6e78', '#bf3989', '#57606a'] as const;

/** The same name always gets the same colour (FNV-1a over its UTF-16 units). */
export function avatarColour(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) { h ^= seed.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return AVATAR_COLOURS[(h >>> 0) % AVATAR_COLOURS.length];
}

/**
 * An image an avatar may show: only a data: image captured with the record (never a URL the
 * page would fetch from a third party), and not absurdly large.
 */
export const MAX_AVATAR_DATA_URL = 64 * 1024;
export function safeAvatarImage(src: unknown): string | undefined {
  if (typeof src !== 'string' || src.length > MAX_AVATAR_DATA_URL) return undefined;
  return /^data:image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(src) ? src : undefined;
}
