import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { ReadPort, WritePort, ListRow, WorkspaceConfig } from '../ports.ts';
import { createBoardModel, STALE_DAYS, type BoardModel } from '../models/board-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { dueWhen } from '../tasks/due.ts';
import { formatIsoDate, formatMoney } from '../../domain/fields/index.ts';
import { Badge, Button, EmptyState, Select, Skeleton, icons } from '../ds/index.ts';
import { OwnerChip } from '../records/OwnerChip.tsx';
import { noMemberText } from '../records/labels.ts';
import { NewDealDialog } from './NewDealDialog.tsx';
import './board.css';

type Props = { pipelineId?: string; ports: { read: ReadPort; write: WritePort }; config: ConfigModel; nav: NavModel; undo: UndoModel };

/** The pipeline board: drag a card to a stage, or focus it and press [ or ]; won / lost on each card. */
export function Board(props: Props) {
  const pipelines = props.config.active('pipelines');
  const pipelineId = props.pipelineId ?? pipelines[0]?.id;
  if (!pipelineId) return <section class="board-view" aria-busy="true"><h2>Pipeline</h2><Skeleton /></section>;
  return <PipelineBoard key={pipelineId} {...props} pipelineId={pipelineId} />;
}

/** Where focus goes after the board re-renders: the moved card (in its new stage), else a stage. */
type FocusTarget = { card: string } | { stage: string };

function PipelineBoard({ pipelineId, ports, config, nav, undo }: Props & { pipelineId: string }) {
  const model = useMemo(() => createBoardModel(ports, pipelineId, undo), [pipelineId]);
  useEffect(() => () => model.dispose(), [model]);
  const stages = config.active('stages').filter((s) => s.pipelineId === pipelineId);
  useEffect(() => model.setStages(stages), [JSON.stringify(stages)]);
  const [creating, setCreating] = useState<string | null>(null);
  const focusNext = useRef<FocusTarget | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  // A moved card is a new element in another stage: put focus back on it once it is there.
  useLayoutEffect(() => {
    const t = focusNext.current;
    if (!t || !boardRef.current) return;
    const el = 'card' in t ? boardRef.current.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(t.card)}"]`) : boardRef.current.querySelector<HTMLElement>(`.stage[data-stage="${CSS.escape(t.stage)}"] h3`);
    if (el) { el.focus(); focusNext.current = null; }
  });
  // A narrow window shows one stage at a time: opened on empty first stages, the rep saw "0 deals"
  // while the pipeline's deals sat two swipes away. Once loaded, the board starts at the first
  // stage with a deal (the ones before are a swipe back); a board that fits is left as it is.
  const startedAt = useRef(false);
  useEffect(() => {
    const b = boardRef.current;
    if (startedAt.current || !model.loaded.value || !model.columns.value.length || !b) return;
    startedAt.current = true;
    const first = model.columns.value.find((c) => c.cards.length);
    const el = first && b.querySelector<HTMLElement>(`.stage[data-stage="${CSS.escape(first.stage.id)}"]`);
    if (el && b.scrollWidth > b.clientWidth) b.scrollLeft += el.getBoundingClientRect().left - b.getBoundingClientRect().left;
  }, [model.loaded.value, model.columns.value.length]);
  const cfg = config.config.value;
  const readOnly = cfg?.me.role === 'viewer';
  const currency = cfg?.settings.defaultCurrency ?? 'USD';
  const { won, lost } = model.summary.value;
  const cols = model.columns.value;
  const open = cols.reduce((o, c) => ({ n: o.n + c.cards.length, v: o.v + c.total }), { n: 0, v: 0 });
  const act = async (id: string, stageId: string, run: () => Promise<boolean>, leaves: boolean) => {
    const col = cols.find((c) => c.stage.id === stageId);
    const i = col?.cards.findIndex((c) => c.id === id) ?? -1;
    if (!(await run())) return;
    if (!leaves) { focusNext.current = { card: id }; return; }
    // Won or lost: the card leaves the board; focus goes to its neighbour, or the stage.
    const neighbour = col?.cards[i + 1] ?? col?.cards[i - 1];
    focusNext.current = neighbour ? { card: neighbour.id } : { stage: stageId };
  };
  return (
    <section class="board-view" aria-labelledby="board-h">
      <div class="board-head">
        <h2 id="board-h">Pipeline</h2>
        <Select id="board-pipeline" aria-label="Pipeline" value={pipelineId} options={config.active('pipelines').map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => nav.go({ view: 'board', pipelineId: v })} />
        <dl class="board-summary" aria-label="Pipeline summary">
          <div><dt>Open</dt><dd>{open.n} · {formatMoney(open.v, currency)}</dd></div>
          <div class="won"><dt><icons.Trophy size={14} aria-hidden="true" /> Won</dt><dd>{won.count} · {formatMoney(won.value, currency)}</dd></div>
          <div class="lost"><dt>Lost</dt><dd>{lost.count} · {formatMoney(lost.value, currency)}</dd></div>
        </dl>
      </div>
      <p class="hint">Drag a card, or focus it and press <kbd>[</kbd> / <kbd>]</kbd> to move it a stage, <kbd>w</kbd> won, <kbd>l</kbd> lost, <kbd>Enter</kbd> to open.</p>
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {model.errors.value.filter((e) => !e.path.includes(':') || e.path.endsWith(':')).map((e) => <p key={e.message} class="ds-error" role="alert">{e.message}</p>)}
      {model.loaded.value && stages.length === 0 && <EmptyState title="This pipeline has no stages" >An admin adds stages in Settings → Pipelines.</EmptyState>}
      {model.loaded.value && stages.length > 0 && open.n === 0 && won.count === 0 && lost.count === 0 && (
        <EmptyState title="No deals in this pipeline yet">
          A deal comes from converting a qualified lead with “Create an opportunity” ticked{readOnly ? '' : ', or from + on a stage below'}.
        </EmptyState>
      )}
      <div class="board" ref={boardRef}>
        {cols.map((col) => (
          <div key={col.stage.id} class="stage" role="region" aria-label={`Stage ${col.stage.name}`} data-stage={col.stage.id}
            onDragOver={(e) => { if (!readOnly) e.preventDefault(); }}
            onDrop={(e) => { e.preventDefault(); const id = e.dataTransfer?.getData('text/plain'); if (id) void model.move(id, col.stage.id); }}>
            <div class="stage-head">
              <h3 tabIndex={-1}>{col.stage.name} <span class="prob">{col.stage.winProbability}%</span></h3>
              {!readOnly && <Button size="sm" variant="ghost" icon={icons.Plus} label={`New deal in ${col.stage.name}`} onClick={() => setCreating(col.stage.id)} />}
            </div>
            <p class="total">{col.cards.length} {col.cards.length === 1 ? 'deal' : 'deals'} · <strong>{formatMoney(col.total, currency)}</strong><span class="weighted" title="Value × win probability"> · weighted {formatMoney(col.weighted, currency)}</span></p>
            {!model.loaded.value && <Skeleton lines={2} />}
            {col.cards.map((c) => (
              <Card key={c.id} card={c} model={model} config={cfg} lossReasons={config.active('lossReasons')} nav={nav} readOnly={readOnly}
                onStep={(dir) => void act(c.id, col.stage.id, () => model.step(c.id, dir), false)}
                onWon={() => void act(c.id, col.stage.id, () => model.won(c.id), true)}
                onLost={(reason) => act(c.id, col.stage.id, () => model.lost(c.id, reason), true)} />
            ))}
          </div>
        ))}
      </div>
      {creating && (
        <NewDealDialog write={ports.write} config={config} pipelineId={pipelineId} stageId={creating}
          onClose={() => setCreating(null)} onCreated={(id) => { focusNext.current = { card: id }; setCreating(null); }} />
      )}
    </section>
  );
}

type CardProps = {
  card: ListRow; model: BoardModel; config: WorkspaceConfig | null; lossReasons: { id: string; name: string }[]; nav: NavModel; readOnly: boolean;
  onStep: (dir: -1 | 1) => void; onWon: () => void; onLost: (reason: string) => Promise<void>;
};

function Card({ card, model, config, lossReasons, nav, readOnly, onStep, onWon, onLost }: CardProps) {
  const [losing, setLosing] = useState(false);
  const [reason, setReason] = useState('');
  const err = model.errors.value.filter((e) => e.path.startsWith(`${card.id}:`)).map((e) => e.message).join('; ');
  const name = card.name || '(no name)';
  const d = card.data;
  const f = model.facts(card);
  const value = typeof d.monetaryValue === 'number' ? formatMoney(d.monetaryValue, typeof d.currency === 'string' ? d.currency : config?.settings.defaultCurrency) : 'No value';
  return (
    <div class={`card${f.stale ? ' stale' : ''}`} data-id={card.id} tabIndex={0} draggable={!readOnly} role="group" aria-label={`Deal ${name}`}
      aria-keyshortcuts="[ ] w l Enter"
      onDragStart={(e) => { e.dataTransfer?.setData('text/plain', card.id); }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter') nav.open('opportunities', card.id);
        else if (readOnly) return;
        else if (e.key === '[') onStep(-1);
        else if (e.key === ']') onStep(1);
        else if (e.key === 'w') onWon();
        else if (e.key === 'l') setLosing(true);
        else return;
        e.preventDefault();
      }}>
      <div class="card-title">
        <a href={`#/opportunities/${encodeURIComponent(card.id)}`} tabIndex={-1} onClick={(e) => { e.preventDefault(); nav.open('opportunities', card.id); }}>{name}</a>
      </div>
      <div class="card-meta">
        <span class="card-money"><span class="card-value">{value}</span> · <span class="prob">{String(d.winProbability ?? '')}%</span></span>
        <OwnerChip config={config} id={d.ownerId} unset={noMemberText('Owner')} />
      </div>
      <ul class="card-facts">
        {typeof d.closeDate === 'string' && (
          <Fact icon={icons.CalendarDays} class={f.closeOverdue ? 'overdue' : undefined}>Closes {formatIsoDate(d.closeDate)}{f.closeOverdue ? ' (past)' : ''}</Fact>
        )}
        {f.nextTask
          ? <Fact icon={icons.ListTodo}>Next: {f.nextTask.name}{f.nextTask.dueAt ? `, due ${dueWhen(f.nextTask.dueAt, Date.now())}` : ''}</Fact>
          : <Fact icon={icons.ListTodo} class="muted">No next task</Fact>}
        <Fact icon={icons.Clock}>{f.daysInStage} {f.daysInStage === 1 ? 'day' : 'days'} in stage {f.stale && <Badge tone="warn" title={`No move for ${STALE_DAYS}+ days`}>Stale</Badge>}</Fact>
      </ul>
      {!readOnly && (
        <div class="card-actions">
          <Button size="sm" variant="ghost" icon={icons.ChevronRight} class="flip" label={`Move ${name} to the previous stage`} onClick={() => onStep(-1)} />
          <Button size="sm" variant="ghost" icon={icons.ChevronRight} label={`Move ${name} to the next stage`} onClick={() => onStep(1)} />
          <Button size="sm" onClick={onWon} aria-label={`Mark ${name} won`}>Won</Button>
          <Button size="sm" onClick={() => setLosing(!losing)} aria-expanded={losing} aria-label={`Mark ${name} lost`}>Lost</Button>
        </div>
      )}
      {losing && (
        <div class="lost-form">
          <Select id={`loss-${card.id}`} label="Loss reason" value={reason} placeholder="Choose…" options={lossReasons.map((r) => ({ value: r.id, label: r.name }))} onChange={setReason} />
          <Button size="sm" variant="danger" onClick={async () => { await onLost(reason); }}>Confirm lost</Button>
        </div>
      )}
      {err && <p class="ds-error" role="alert">{err}</p>}
    </div>
  );
}

/**
 * One line of a card's facts: its icon stays beside the start of its text, which wraps in a box
 * of its own (icon and text as two items of a wrapping row let the icon sit alone on a line).
 */
function Fact({ icon: Icon, class: cls, children }: { icon: typeof icons.Clock; class?: string; children: ComponentChildren }) {
  return <li class={cls}><Icon size={12} aria-hidden="true" /><span class="fact-text">{children}</span></li>;
}
