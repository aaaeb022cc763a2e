import { useState } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { Menu, icons } from '../ds/index.ts';
import { lazy } from './lazy.tsx';

const NewRecordDialog = lazy(() => import('../records/NewRecordDialog.tsx').then((m) => m.NewRecordDialog));

const ITEM: Record<Collection, { label: string; icon: typeof icons.User }> = {
  leads: { label: 'Lead', icon: icons.UserPlus }, people: { label: 'Person', icon: icons.User }, companies: { label: 'Company', icon: icons.Building },
  opportunities: { label: 'Deal', icon: icons.Handshake }, tasks: { label: 'Task', icon: icons.ListTodo },
};

/** "New ▾" in a page's header: a lead, person, company, deal or task, opened once made. */
export function NewMenu({ write, config, nav, readOnly }: { write: WritePort; config: ConfigModel; nav: NavModel; readOnly?: boolean }) {
  const [kind, setKind] = useState<Collection | null>(null);
  if (readOnly) return null;
  const leadsOn = config.config.value?.settings.leadsEnabled !== false;
  const kinds = (Object.keys(ITEM) as Collection[]).filter((c) => c !== 'leads' || leadsOn);
  return (
    <>
      <Menu label="New" icon={icons.Plus} size="sm" variant="primary" align="end" buttonId="new-menu"
        items={kinds.map((k) => ({ label: ITEM[k].label, icon: ITEM[k].icon, onSelect: () => setKind(k) }))} />
      {kind && <NewRecordDialog kind={kind} write={write} config={config} onClose={() => setKind(null)}
        onCreated={(t, id) => { setKind(null); nav.open(t, id); }} />}
    </>
  );
}
