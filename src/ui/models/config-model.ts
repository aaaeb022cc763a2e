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
  /** The status or contact type a new record gets unless one is chosen (the admin's default). */
  const defaultOf = (list: 'leadStatuses' | 'contactTypes'): string => {
    const st = config.value?.settings;
    return (list === 'leadStatuses' ? st?.defaultLeadStatusId : st?.defaultContactTypeId) ?? '';
  };
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
    defaultOf,
    /** An entry as a picker offers it: the default one says so ("New (default)"). */
    choiceLabel(list: ConfigList, e: { id: string; name: string }): string {
      const isDefault = (list === 'leadStatuses' || list === 'contactTypes') && e.id === defaultOf(list);
      return isDefault ? `${e.name} (default)` : e.name;
    },
    active<L extends ConfigList>(list: L) {
      return ((config.value?.[list] ?? []) as { retired?: boolean; active?: boolean }[]).filter((e) => !e.retired && e.active !== false) as WorkspaceConfig[L];
    },
    dispose: stop,
  };
}
export type ConfigModel = ReturnType<typeof createConfigModel>;
