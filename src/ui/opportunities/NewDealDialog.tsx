import { useState } from 'preact/hooks';
import type { FieldError, WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { errorFor, fieldErrors } from '../models/errors.ts';
import { memberName, membersByName } from '../models/members.ts';
import { noMemberText } from '../records/labels.ts';
import { Button, Dialog, Field, Select, fieldIds } from '../ds/index.ts';

type Props = {
  write: WritePort; config: ConfigModel; pipelineId: string; stageId: string;
  onClose: () => void; onCreated: (id: string) => void;
};

/**
 * "+ Deal" on a board stage: a new opportunity in this pipeline at that stage. The engine
 * validates it (a name is needed, a value is a number); its messages show under their fields
 * and nothing is lost from the form.
 */
export function NewDealDialog({ write, config, pipelineId, stageId, onClose, onCreated }: Props) {
  const cfg = config.config.value;
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [closeDate, setCloseDate] = useState('');
  const [stage, setStage] = useState(stageId);
  const [owner, setOwner] = useState(cfg?.me.memberId ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const stages = config.active('stages').filter((s) => s.pipelineId === pipelineId);
  const submit = async () => {
    const problems: FieldError[] = [];
    if (!name.trim()) problems.push({ path: 'name', message: 'Name the deal.' });
    if (value.trim() && !Number.isFinite(Number(value))) problems.push({ path: 'monetaryValue', message: 'The value is a number, like 1200 or 99.50.' });
    if (problems.length) { setErrors(problems); return; }
    setBusy(true);
    try {
      const { id } = await write.create('opportunities', {
        name: name.trim(), pipelineId, stageId: stage,
        ...(value.trim() ? { monetaryValue: Number(value), currency: cfg?.settings.defaultCurrency } : {}),
        ...(closeDate ? { closeDate } : {}), ...(owner ? { ownerId: owner } : {}),
      });
      onCreated(id);
    } catch (e) {
      setErrors(fieldErrors(e));
    } finally { setBusy(false); }
  };
  const general = errors.filter((e) => !['name', 'monetaryValue', 'closeDate', 'stageId', 'ownerId'].some((p) => e.path === p || e.path.startsWith(`${p}.`)));
  return (
    <Dialog title="New deal" onClose={onClose} footer={(
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" disabled={busy} onClick={() => void submit()}>Create deal</Button>
      </>
    )}>
      <form id="new-deal" class="new-deal" onSubmit={(e) => { e.preventDefault(); void submit(); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') { e.preventDefault(); void submit(); } }}>
        <TextField id="nd-name" label="Name" value={name} error={errorFor(errors, 'name')} onValue={setName} />
        <TextField id="nd-value" label={`Value (${cfg?.settings.defaultCurrency ?? 'USD'})`} inputMode="decimal" value={value} error={errorFor(errors, 'monetaryValue')} onValue={setValue} />
        <TextField id="nd-close" label="Close date" type="date" value={closeDate} error={errorFor(errors, 'closeDate')} onValue={setCloseDate} />
        <Select id="nd-stage" label="Stage" value={stage} options={stages.map((s) => ({ value: s.id, label: s.name }))} error={errorFor(errors, 'stageId')} onChange={setStage} />
        <Select id="nd-owner" label="Owner" value={owner} placeholder={noMemberText('Owner')} options={cfg ? membersByName(cfg).map((m) => ({ value: m.id, label: memberName(cfg, m.id) })) : []} error={errorFor(errors, 'ownerId')} onChange={setOwner} />
        {general.map((e) => <p key={e.message} class="ds-error" role="alert">{e.message}</p>)}
      </form>
    </Dialog>
  );
}

/** A labelled input with its error under it (the design system's Field around a native input). */
function TextField({ id, label, value, error, onValue, type = 'text', inputMode }: { id: string; label: string; value: string; error?: string; onValue: (v: string) => void; type?: string; inputMode?: 'decimal' }) {
  return (
    <Field id={id} label={label} error={error}>
      <input class="ds-input" type={type} inputMode={inputMode} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} {...fieldIds(id, error)} />
    </Field>
  );
}
