import { useMemo } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { CREATE_FIELDS, createCreateModel, type CreateContext } from '../models/create-model.ts';
import { errorFor } from '../models/errors.ts';
import { Button, Dialog, Input, Select } from '../ds/index.ts';
import { NEW_LABEL } from './new-labels.ts';
import { DueInput } from '../tasks/DueInput.tsx';

/**
 * "New lead / person / company / deal / task": the few fields a rep knows now; the record
 * opens once made (focus on its heading) to fill in the rest. Errors stay next to their field.
 */
export function NewRecordDialog({ kind, context = {}, write, config, onCreated, onClose }: {
  kind: Collection; context?: CreateContext; write: WritePort; config: ConfigModel; onCreated: (type: Collection, id: string) => void; onClose: () => void;
}) {
  const model = useMemo(() => createCreateModel(write, kind, context, () => config.config.value), [kind]);
  const d = model.draft.value;
  const errors = model.errors.value;
  const pipelines = config.active('pipelines');
  const pipelineId = d.pipelineId || pipelines[0]?.id || '';
  const stages = config.active('stages').filter((s) => s.pipelineId === pipelineId).sort((a, b) => a.order - b.order);
  const general = errors.filter((e) => !e.path || ![...CREATE_FIELDS[kind].map((f) => f.key), 'pipelineId', 'stageId'].includes(e.path));
  const submit = async (e?: Event) => {
    e?.preventDefault();
    const id = await model.create();
    if (id) onCreated(kind, id);
  };
  const formId = `new-${kind}-form`;
  return (
    <Dialog title={NEW_LABEL[kind]} onClose={onClose} footer={<>
      <Button onClick={onClose}>Cancel</Button>
      <Button variant="primary" type="submit" form={formId} disabled={model.busy.value}>Create</Button>
    </>}>
      <form id={formId} class="new-record" onSubmit={submit} noValidate>
        {context.label && <p class="ds-hint">{context.label}</p>}
        {CREATE_FIELDS[kind].map((f) => f.type === 'due' ? (
          <div key={f.key}>
            <DueInput id={`new-${f.key}`} value={d[f.key] ?? ''} onChange={(v) => model.set(f.key, v)} error={!!errorFor(errors, f.key)} errorId={`new-${f.key}-error`} />
            {errorFor(errors, f.key) && <p id={`new-${f.key}-error`} class="ds-error">{errorFor(errors, f.key)}</p>}
          </div>
        ) : (
          <Input key={f.key} id={`new-${f.key}`} label={f.label} type={f.type ?? 'text'} value={d[f.key] ?? ''} error={errorFor(errors, f.key) || undefined}
            min={f.type === 'number' ? '0' : undefined} step={f.type === 'number' ? 'any' : undefined}
            onInput={(e) => model.set(f.key, (e.currentTarget as HTMLInputElement).value)} />
        ))}
        {kind === 'opportunities' && <>
          <Select id="new-pipelineId" label="Pipeline" value={pipelineId} options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            error={errorFor(errors, 'pipelineId') || undefined} onChange={(v) => { model.set('pipelineId', v); model.set('stageId', ''); }} />
          <Select id="new-stageId" label="Stage" value={d.stageId || stages[0]?.id || ''} options={stages.map((s) => ({ value: s.id, label: s.name }))}
            error={errorFor(errors, 'stageId') || undefined} onChange={(v) => model.set('stageId', v)} />
        </>}
        {general.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>
    </Dialog>
  );
}
