import { LAST_ADMIN_HINT } from '../models/members.ts';

/**
 * The role of a workspace's only admin, where other members have a picker: "Admin" with "Only
 * admin" under it, and why it can't change in its title (the hint under the list says it too).
 * Settings' members and the team relay's table both show it.
 */
export function OnlyAdminRole() {
  return <span class="role-fixed" title={LAST_ADMIN_HINT}><span class="role-name">Admin</span> <span class="role-note muted">Only admin</span></span>;
}
