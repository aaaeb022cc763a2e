import type { Name } from './common.ts';
import { formatName } from './identity/format-name.ts';

/**
 * "Ada Lovelace" from name parts. Apart from common.ts (the schemas) so that a page that only
 * shows names, such as the side panel's first list, loads no zod (docs/architecture.md).
 */
export function fullName(name: Name | undefined): string {
  return formatName(name);
}
