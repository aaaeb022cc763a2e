import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppModels } from './app/app-models.ts';
import { HomePane } from './app/HomePane.tsx';
import { StatusBar } from './app/StatusBar.tsx';
import { HelpOverlay } from './app/Help.tsx';
import { bindShortcuts } from './app/shortcuts.ts';
import { NewMenu } from './app/NewMenu.tsx';
import { RecordView } from './records/RecordView.tsx';
import { ConvertView } from './leads/ConvertView.tsx';
import { MyTasks } from './tasks/MyTasks.tsx';

/** The side panel: capture and leads, a record's detail, convert, my tasks. Narrow (360 px) first. */
export function SidePanelApp({ models }: { models: AppModels }) {
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const { nav, config, undo, ports } = models;
  useEffect(() => bindShortcuts(document, {
    search: () => { if (nav.route.value.view !== 'home') nav.go({ view: 'home' }); setTimeout(() => searchRef.current?.focus(), 0); },
    help: () => setHelp((h) => !h),
    escape: () => { if (help) setHelp(false); else if (nav.route.value.view !== 'home') nav.go({ view: 'home' }); },
    undo: () => void undo.undoLast(),
    scan: () => void models.capture?.scan(),
    newLead: () => { nav.go({ view: 'home' }); setTimeout(() => document.getElementById('nl-first')?.focus(), 0); },
    go: (w) => nav.go(w === 't' ? { view: 'tasks' } : { view: 'home' }),
  }), [help]);
  const route = nav.route.value;
  const tab = (view: 'home' | 'tasks', label: string) => (
    <a href={view === 'home' ? '#/' : '#/tasks'} aria-current={route.view === view ? 'page' : undefined} onClick={(e) => { e.preventDefault(); nav.go({ view }); }}>{label}</a>
  );
  return (
    <div class="panel">
      <header class="top">
        <span class="brand">Outpost</span>
        <nav aria-label="Side panel">{tab('home', 'Leads')}{tab('tasks', 'My tasks')}</nav>
        <NewMenu write={ports.write} config={config} nav={nav} readOnly={config.config.value?.me.role === 'viewer'} />
        <button type="button" class="link" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={() => setHelp(true)}>?</button>
      </header>
      <StatusBar sync={models.syncStatus.value} undo={undo} />
      <main>
        {route.view === 'record' && <RecordView key={`${route.type}:${route.id}`} type={route.type} id={route.id} ports={ports} config={config} nav={nav} undo={undo} />}
        {route.view === 'convert' && <ConvertView key={route.id} leadId={route.id} ports={ports} config={config} nav={nav} undo={undo} />}
        {route.view === 'tasks' && <MyTasks read={ports.read} write={ports.write} me={config.config.value?.me.memberId ?? ''} nav={nav} />}
        {(route.view === 'home' || !['record', 'convert', 'tasks'].includes(route.view)) && <HomePane models={models} searchRef={searchRef} />}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
