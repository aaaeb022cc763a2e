import type { DocKey } from '../../src/domain/routing.ts';
import { RefusalCode } from '../protocol.ts';

export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Permissions in Yjs stop at the room: the relay is where "who may write what" is enforced. */
export function writeRefusal(role: Role, doc: DocKey): RefusalCode | null {
  if (role === 'viewer') return RefusalCode.readOnly;
  if (role === 'member' && doc === 'config') return RefusalCode.adminOnly;
  return null;
}

export const refusalMessage: Record<RefusalCode, string> = {
  'read-only': 'Viewers cannot change this workspace.',
  'admin-only': 'Only admins can change the workspace settings.',
  'doc-too-large': 'The document has reached the relay’s size limit.',
  'content-too-large': 'This change holds a value larger or more deeply nested than the relay accepts.',
};
