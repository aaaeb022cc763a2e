import type { Name } from './common.ts';

/**
 * "Ada Lovelace" from name parts. Apart from common.ts (the schemas) so that a page that only
 * shows names, such as the side panel's first list, loads no zod (docs/architecture.md).
 */
export function fullName(name: Name | undefined): string {
  if (!name) return '';
  return [name.prefix, name.first, name.middle, name.last, name.suffix].filter(Boolean).join(' ');
}
