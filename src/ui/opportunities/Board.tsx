import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ReadPort, WritePort, ListRow } from '../ports.ts';
import { createBoardModel, type BoardModel } from '../models/board-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';

type Props = { pipelineId?: string; ports: { read: ReadPort; write: WritePort }; config: ConfigModel; nav: NavModel; undo: UndoModel };

const fmt = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 0 });

/** The pipeline board: drag a card to a stage, or focus it and press [ or ]; won / lost on each card. */
export function Board(props: Props) {
  const pipelines = props.config.active('pipelines');
  const pipelineId = props.pipelineId ?? pipelines[0]?.id;
  if (!pipelineId) return <p role="status">Loading pipelines…</p>;
  return <PipelineBoard key={pipelineId} {...props} pipelineId={pipelineId} />;
}

function PipelineBoard({ pipelineId, ports, config, nav, undo }: Props & { pipelineId: string }) {
  const model = useMemo(() => createBoardModel(ports, pipelineId, undo), [pipelineId]);
  useEffect(() => () => model.dispose(), [model]);
  const stages = config.active('stages').filter((s) => s.pipelineId === pipelineId);
  useEffect(() => model.setStages(stages), [JSON.stringify(stages)]);
  const readOnly = config.config.value?.me.role === 'viewer';
  return (
    <section class="board-view" aria-labelledby="board-h">
      <div class="board-head">
        <h2 id="board-h">Pipeline</h2>
        <label for="board-pipeline" class="sr-only">Pipeline</label>
        <select id="board-pipeline" value={pipelineId} onChange={(e) => nav.go({ view: 'board', pipelineId: (e.currentTarget as HTMLSelectElement).value })}>
          {config.active('pipelines').map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {model.errors.value.filter((e) => !e.path.includes(':') || e.path.endsWith(':')).map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      <div class="board">
        {model.columns.value.map((col) => (
          <div key={col.stage.id} class="stage" role="region" aria-label={`Stage ${col.stage.name}`} data-stage={col.stage.id}
            onDragOver={(e) => { if (!readOnly) e.preventDefault(); }}
            onDrop={(e) => { e.preventDefault(); const id = e.dataTransfer?.getData('text/plain'); if (id) void model.move(id, col.stage.id); }}>
            <h3>{col.stage.name} <span class="prob">{col.stage.winProbability}%</span></h3>
            <p class="total">{col.cards.length} · {fmt(col.total)}</p>
            {col.cards.map((c) => <Card key={c.id} card={c} model={model} config={config} nav={nav} readOnly={readOnly} />)}
          </div>
        ))}
      </div>
    </section>
  );
}

function Card({ card, model, config, nav, readOnly }: { card: ListRow; model: BoardModel; config: ConfigModel; nav: NavModel; readOnly: boolean }) {
  const [losing, setLosing] = useState(false);
  const [reason, setReason] = useState('');
  const err = model.errors.value.filter((e) => e.path.startsWith(`${card.id}:`)).map((e) => e.message).join('; ');
  const name = card.name || '(no name)';
  return (
    <div class="card" data-id={card.id} tabIndex={0} draggable={!readOnly} role="group" aria-label={`Deal ${name}`}
      aria-keyshortcuts="[ ] w l Enter"
      onDragStart={(e) => { e.dataTransfer?.setData('text/plain', card.id); }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget || readOnly) return;
        if (e.key === '[') void model.step(card.id, -1);
        else if (e.key === ']') void model.step(card.id, 1);
        else if (e.key === 'w') void model.won(card.id);
        else if (e.key === 'l') setLosing(true);
        else if (e.key === 'Enter') nav.open('opportunities', card.id);
        else return;
        e.preventDefault();
      }}>
      <a href={`#/opportunities/${encodeURIComponent(card.id)}`} onClick={(e) => { e.preventDefault(); nav.open('opportunities', card.id); }}>{name}</a>
      <p class="card-meta">{typeof card.data.monetaryValue === 'number' ? `${fmt(card.data.monetaryValue as number)} ${(card.data.currency as string) ?? ''}` : 'No value'} · <span class="prob">{String(card.data.winProbability ?? '')}%</span></p>
      {!readOnly && (
        <div class="card-actions">
          <button type="button" aria-label={`Move ${name} to the previous stage`} onClick={() => void model.step(card.id, -1)}>◀</button>
          <button type="button" aria-label={`Move ${name} to the next stage`} onClick={() => void model.step(card.id, 1)}>▶</button>
          <button type="button" onClick={() => void model.won(card.id)} aria-label={`Mark ${name} won`}>Won</button>
          <button type="button" onClick={() => setLosing(!losing)} aria-expanded={losing} aria-label={`Mark ${name} lost`}>Lost</button>
        </div>
      )}
      {losing && (
        <div class="lost-form">
          <label for={`loss-${card.id}`}>Loss reason</label>
          <select id={`loss-${card.id}`} value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Choose…</option>
            {config.active('lossReasons').map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
          <button type="button" onClick={async () => { if (await model.lost(card.id, reason)) setLosing(false); }}>Confirm lost</button>
        </div>
      )}
      {err && <p class="field-error" role="alert">{err}</p>}
    </div>
  );
}
