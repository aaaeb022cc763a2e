import { basename } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { attachValues } from './args.ts';
import { IMPORT_AS, type ImportAs } from '../domain/csv/index.ts';
import { formatMoney } from '../domain/fields/money.ts';
import { displayName, namesNoSource } from '../domain/index.ts';
import { counted, qualified, unitsOf } from '../domain/counted.ts';
import { readConfig } from '../store/config-store.ts';
import { ImportError } from '../io/errors.ts';
import { planImport, commitPlan, type DuplicatePolicy, type ImportPlan } from '../io/import.ts';
import { exportCsv, selectRecords, type ExportFilter } from '../io/export.ts';
import { exportVcard } from '../io/vcard-write.ts';
import { backupWorkspace, parseBackup, restoreWorkspace } from '../io/backup.ts';
import { openWorkspace, type CliWorkspace, type Connection } from './workspace.ts';
import { defaultCredentialsFile, signIn } from './credentials.ts';

export const usage = `Usage: npm run outpost -- <command> [options] (--local DIR | --relay URL --workspace ID [--token TOKEN])

  import FILE.csv|FILE.vcf [--as leads|people|companies] [--source NAME] [--status NAME] [--owner NAME|EMAIL]
         [--tag TAG]... [--duplicates skip|update|create] [--encoding NAME] [--dry-run] [--yes]
  export [--type leads|people|companies|opportunities|tasks] [--format csv|vcard|json] [--status NAME] [--tag TAG] [--out FILE]
         (--status: a lead status for leads; open, won, lost or abandoned for deals; open or done for tasks)
  backup FILE.json
  restore FILE.json [--merge]
  list leads|people|companies|opportunities|tasks [--status NAME] [--tag TAG]

Where the workspace is:
  --local DIR            in-memory docs loaded from / saved to DIR (no relay needed)
  --relay ws://HOST:PORT --workspace ID --token TOKEN   join a relay like any teammate
                         (or env OUTPOST_RELAY, OUTPOST_WORKSPACE, OUTPOST_TOKEN). TOKEN is the
                         invite an admin gave you (exchanged once; the credential is saved and
                         renewed, so later runs leave out --token) or a member credential
  --credentials FILE     where sign-ins are saved (env OUTPOST_CREDENTIALS; default
                         ~/.config/outpost/credentials.json)
  --yes                  import the valid rows even when some rows are invalid`;

type Out = { log: (s: string) => void; error: (s: string) => void };

const OPTIONS = {
  as: { type: 'string' }, source: { type: 'string' }, status: { type: 'string' }, owner: { type: 'string' },
  tag: { type: 'string', multiple: true }, duplicates: { type: 'string' }, encoding: { type: 'string' },
  'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, type: { type: 'string' }, format: { type: 'string' },
  out: { type: 'string' }, merge: { type: 'boolean' }, local: { type: 'string' }, relay: { type: 'string' },
  workspace: { type: 'string' }, token: { type: 'string' }, credentials: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

const optionNames = (type: 'string' | 'boolean') => Object.entries(OPTIONS).filter(([, o]) => o.type === type).map(([name]) => name);
const valuedOptions = optionNames('string');
const booleanOptions = optionNames('boolean');

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

class UsageError extends Error {}

/** Runs one command; returns the exit code (0 done, 1 refused or failed, 2 wrong usage). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = console): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: attachValues(argv, valuedOptions, booleanOptions), options: OPTIONS, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [command, arg] = positionals;
  if (v.help || !command) { out.log(usage); return command || v.help ? 0 : 2; }
  let ws: CliWorkspace | null = null;
  try {
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`Unknown command "${command}".`);
    ws = await openWorkspace(await connection(v, env, out));
    const code = await run(ws, arg, v, out);
    const closing = ws;
    ws = null;
    await closing.close();
    return code;
  } catch (error) {
    if (ws) await ws.close().catch(() => {});
    if (error instanceof UsageError) { out.error(`${error.message}\n\n${usage}`); return 2; }
    out.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

async function connection(v: Values, env: NodeJS.ProcessEnv, out: Out): Promise<Connection> {
  if (v.local) return { kind: 'local', dir: v.local };
  const url = v.relay ?? env.OUTPOST_RELAY;
  const workspaceId = v.workspace ?? env.OUTPOST_WORKSPACE;
  if (!url) throw new UsageError('Say where the workspace is: --local DIR, or --relay URL --workspace ID --token TOKEN.');
  if (!workspaceId) throw new UsageError('Joining a relay needs --workspace ID (or OUTPOST_WORKSPACE), and the first time --token TOKEN.');
  const signedIn = await signIn({ url, workspaceId, token: v.token ?? env.OUTPOST_TOKEN, file: v.credentials ?? defaultCredentialsFile(env) });
  if (signedIn.note) out.error(signedIn.note);
  return { kind: 'relay', url, workspaceId, token: signedIn.token };
}

type Command = (ws: CliWorkspace, arg: string | undefined, v: Values, out: Out) => Promise<number> | number;

const readFile = (path: string | undefined, what: string) => {
  if (!path) throw new UsageError(`Which ${what}?`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new Error(`Can't read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
};

function typeOf(value: string | undefined, fallback: ImportAs): ImportAs {
  const t = (value ?? fallback) as ImportAs;
  if (!IMPORT_AS.includes(t)) throw new UsageError(`--as/--type must be one of ${IMPORT_AS.join(', ')} (got "${value}").`);
  return t;
}

/** A config entity by id or (case-insensitive) name; a clear error listing the choices. */
function pick(list: { id: string; name: string; email?: string }[], text: string | undefined, what: string): string | undefined {
  if (text === undefined) return undefined;
  const l = text.toLowerCase();
  const found = list.find((e) => e.id === text || e.name.toLowerCase() === l || e.email?.toLowerCase() === l);
  if (!found) throw new UsageError(`Unknown ${what} "${text}". Choose one of: ${list.map((e) => e.name || e.id).join(', ')}.`);
  return found.id;
}

const importCommand: Command = async (ws, file, v, out) => {
  const bytes = readFile(file, 'file to import');
  const as = typeOf(v.as, 'leads');
  const config = readConfig(ws.repo.docs.config);
  const duplicates = (v.duplicates ?? 'skip') as DuplicatePolicy;
  if (!['skip', 'update', 'create'].includes(duplicates)) throw new UsageError('--duplicates must be skip, update or create.');
  const batch = {
    sourceId: v.source !== undefined && namesNoSource(v.source) ? undefined : pick(config.sources, v.source, 'source'),
    statusId: pick(config.leadStatuses, v.status, 'lead status'),
    ownerId: pick(config.members, v.owner, 'member'),
    tags: v.tag,
  };
  let last = 0;
  const plan = await planImport(ws.repo, bytes, {
    as, duplicates, batch, encoding: v.encoding, ...(file ? { fileName: basename(file) } : {}),
    onProgress: (p) => { if (p.phase === 'checking' && Date.now() - last > 1000) { last = Date.now(); out.error(`  checked ${p.done}/${p.total} rows${p.msLeft !== null ? `, about ${Math.ceil(p.msLeft / 1000)} s left` : ''}`); } },
  });
  printPlan(plan, out);
  if (v['dry-run']) { out.log('Dry run: nothing was imported.'); return plan.invalid.length ? 1 : 0; }
  const result = await commitPlan(ws.repo, plan, { confirmInvalid: v.yes });
  out.log(`Imported into ${ws.where}: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped${result.invalid.length ? `, ${counted(result.invalid.length, qualified('invalid', unitsOf(plan.format)))} left out` : ''}. Batch ${result.batchId} (undo removes it).`);
  return 0;
};

function printPlan(plan: ImportPlan, out: Out) {
  out.log(`${plan.format.toUpperCase()} (${plan.encoding}${plan.delimiter ? `, delimiter ${JSON.stringify(plan.delimiter)}` : ''}): ${counted(plan.counts.rows, unitsOf(plan.format))} as ${plan.as} — ${plan.counts.create} to create, ${plan.counts.update} to update, ${plan.counts.skip} duplicates to skip, ${plan.counts.invalid} invalid.`);
  const mapped = plan.mapping.filter((m) => m.target).map((m) => `${m.header} → ${m.target}${m.target === 'custom' ? `:${m.customId}` : ''}`);
  out.log(`Columns: ${mapped.join(', ')}${plan.ignoredColumns.length ? `; ignored: ${plan.ignoredColumns.join(', ')}` : ''}`);
  for (const r of plan.rows.slice(0, 5)) out.log(`  line ${r.line}: ${r.action} ${displayName(r.fields) || '(no name)'}${r.duplicateOf ? ` (same as ${r.duplicateOf.line ? `line ${r.duplicateOf.line}` : r.duplicateOf.name})` : ''}${r.warnings.length ? ` — ${r.warnings.join('; ')}` : ''}`);
  for (const p of plan.invalid) out.log(`  line ${p.line}: INVALID ${p.reason}`);
}

/** What `export` and `list` take: every record type (an import makes contacts only). */
const LISTED = [...IMPORT_AS, 'opportunities', 'tasks'] as const;
type Listed = (typeof LISTED)[number];
function listedOf(value: string | undefined): Listed {
  const t = (value ?? 'leads') as Listed;
  if (!LISTED.includes(t)) throw new UsageError(`--type must be one of ${LISTED.join(', ')} (got "${value}").`);
  return t;
}

/** Deals and tasks have a status of their own (open, won…), not a lead status. */
const OWN_STATUSES: Partial<Record<Listed, readonly string[]>> = { opportunities: ['open', 'won', 'lost', 'abandoned'], tasks: ['open', 'done'] };

function filterOf(ws: CliWorkspace, v: Values, type: Listed = 'leads'): ExportFilter {
  const own = OWN_STATUSES[type];
  if (own) {
    const status = v.status?.toLowerCase();
    if (status !== undefined && !own.includes(status)) throw new UsageError(`Unknown ${type === 'tasks' ? 'task' : 'deal'} status "${v.status}". Choose one of: ${own.join(', ')}.`);
    return { status, tag: v.tag?.[0] };
  }
  const config = readConfig(ws.repo.docs.config);
  return { statusId: pick(config.leadStatuses, v.status, 'lead status'), tag: v.tag?.[0] };
}

const exportCommand: Command = (ws, _arg, v, out) => {
  const type = listedOf(v.type);
  const format = v.format ?? 'csv';
  const filter = filterOf(ws, v, type);
  let text: string;
  if (format === 'csv') text = exportCsv(ws.repo, type, filter);
  else if (format === 'vcard') {
    if (type !== 'leads' && type !== 'people') throw new UsageError('vCard export is for leads and people.');
    text = exportVcard(ws.repo, type, filter);
  } else if (format === 'json') text = JSON.stringify(selectRecords(ws.repo, type, filter), null, 2) + '\n';
  else throw new UsageError('--format must be csv, vcard or json.');
  if (v.out) { writeFileSync(v.out, text); out.error(`Wrote ${v.out}`); } else process.stdout.write(text);
  return 0;
};

const backupCommand: Command = (ws, file, _v, out) => {
  if (!file) throw new UsageError('Which file should the backup go to?');
  const backup = backupWorkspace(ws.repo.docs);
  writeFileSync(file, JSON.stringify(backup));
  const count = Object.values(backup.records).reduce((n, l) => n + l.length, 0);
  out.log(`Backed up ${ws.where} to ${file}: ${count} records, ${backup.activities.length} activities, schema ${backup.schemaVersion}.`);
  return 0;
};

const restoreCommand: Command = (ws, file, v, out) => {
  const backup = parseBackup(readFile(file, 'backup file'));
  const r = restoreWorkspace(ws.repo, backup, { merge: v.merge });
  out.log(`Restored ${file} into ${ws.where}: ${r.records} records${r.kept ? ` (${r.kept} kept: the workspace's copy was newer)` : ''}, ${r.activities} activities, ${r.configEntities} settings.`);
  return 0;
};

const listCommand: Command = (ws, type, v, out) => {
  const t = listedOf(type);
  const config = readConfig(ws.repo.docs.config);
  const status = (id: unknown) => config.leadStatuses.find((s) => s.id === id)?.name ?? (id as string) ?? '';
  const rows = selectRecords(ws.repo, t, filterOf(ws, v, t));
  if (t === 'opportunities' || t === 'tasks') {
    const stage = (id: unknown) => config.stages.find((s) => s.id === id)?.name ?? '';
    for (const r of rows) {
      const detail = t === 'opportunities'
        ? [stage(r.stageId), typeof r.monetaryValue === 'number' ? formatMoney(r.monetaryValue, typeof r.currency === 'string' ? r.currency : config.settings.defaultCurrency) : '']
        : [typeof r.dueAt === 'number' ? new Date(r.dueAt).toISOString().slice(0, 16).replace('T', ' ') : ''];
      out.log([r.id, displayName(r), ...detail, String(r.status ?? '')].join('\t'));
    }
    out.error(`${rows.length} ${t}`);
    return 0;
  }
  for (const r of rows) {
    const email = (r.email as string | undefined) ?? (r.emails as { email: string }[] | undefined)?.[0]?.email ?? '';
    const company = (r.companyName as string | undefined) ?? (typeof r.companyId === 'string' ? ws.repo.get('companies', r.companyId)?.name : undefined) ?? '';
    out.log([r.id, displayName(r), email, company, t === 'leads' ? status(r.statusId) : ''].join('\t'));
  }
  out.error(`${rows.length} ${t}`);
  return 0;
};

const COMMANDS: Record<string, Command> = { import: importCommand, export: exportCommand, backup: backupCommand, restore: restoreCommand, list: listCommand };

export { ImportError };

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
