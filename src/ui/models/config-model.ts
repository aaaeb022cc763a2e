import { computed, signal } from '@preact/signals';
import type { ConfigList } from '../../domain/index.ts';
import type { ReadPort, WorkspaceConfig } from '../ports.ts';
import { memberName as memberLabel } from './members.ts';

/** The workspace settings as signals, with the lookups views need (names of ids, admin or not). */
export function createConfigModel(read: ReadPort) {
  const config = signal<WorkspaceConfig | null>(null);
  const stop = read.watchConfig((c) => { config.value = c; });
  const isAdmin = computed(() => config.value?.me.role === 'admin');
  /** A member as the UI shows one: the rule lives in members.ts. */
  const memberName = (id: unknown): string => (typeof id === 'string' ? memberLabel(config.value, id) : '');
  return {
    config, isAdmin,
    nameOf(list: ConfigList, id: unknown): string {
      if (typeof id !== 'string' || !id) return '';
      if (list === 'leadStatuses' && id === 'converted') return 'Converted';
      if (list === 'members') return memberName(id);
      const e = (config.value?.[list] as { id: string; name: string }[] | undefined)?.find((x) => x.id === id);
      return e?.name || id;
    },
    memberName,
    active<L extends ConfigList>(list: L) {
      return ((config.value?.[list] ?? []) as { retired?: boolean; active?: boolean }[]).filter((e) => !e.retired && e.active !== false) as WorkspaceConfig[L];
    },
    dispose: stop,
  };
}
export type ConfigModel = ReturnType<typeof createConfigModel>;
