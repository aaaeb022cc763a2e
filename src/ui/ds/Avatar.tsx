import { avatarColour, initials, safeAvatarImage, type AvatarKind } from './avatar.ts';

export type AvatarSize = 'sm' | 'md' | 'lg';

/** A round avatar: the captured image when there is a safe one, else initials on a colour from the name. */
export function Avatar({ name, image, size = 'md', decorative = true, kind = 'person' }: { name: string; image?: string; size?: AvatarSize; decorative?: boolean; kind?: AvatarKind }) {
  const src = safeAvatarImage(image);
  const a11y = decorative ? { 'aria-hidden': 'true' as const } : { role: 'img' as const, 'aria-label': name };
  return (
    <span class={`ds-avatar ds-avatar--${size}`} style={src ? undefined : { background: avatarColour(name) }} {...a11y}>
      {src ? <img src={src} alt="" /> : initials(name, kind)}
    </span>
  );
}

/** A member or contact shown by name with their avatar (never a raw id). */
export function PersonChip({ name, image, size = 'sm' }: { name: string; image?: string; size?: AvatarSize }) {
  return <span class="ds-person"><Avatar name={name} image={image} size={size} /><span>{name}</span></span>;
}
