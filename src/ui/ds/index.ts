// The Outpost design system: import components and icons from here only. Styles: ds.css
// (tokens.css inside), imported once by each page's entry point through src/ui/styles.css.
export { Button, buttonClass, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { Field, Input, TextArea, Checkbox, fieldIds } from './Field.tsx';
export { Select, type SelectOption } from './Select.tsx';
export { Menu, type MenuItem } from './Menu.tsx';
export { Dialog } from './Dialog.tsx';
export { ToastRegion } from './Toast.tsx';
export { createToasts, TOAST_MS, type Toast, type ToastTone, type ToastsModel } from './toast-model.ts';
export { Avatar, PersonChip, type AvatarSize } from './Avatar.tsx';
export { initials, avatarColour, avatarKind, safeAvatarImage, AVATAR_COLOURS, type AvatarKind } from './avatar.ts';
export { Badge, type BadgeTone } from './Badge.tsx';
export { EmptyState } from './EmptyState.tsx';
export { Skeleton } from './Skeleton.tsx';
export { Section } from './Section.tsx';
export { applyTheme, type ThemeChoice } from './theme.ts';
export { stamp } from './time.ts';
export * as icons from './icons.ts';
