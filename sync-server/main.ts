/**
 * `npm run relay -- [flags]` starts the relay; `npm run relay -- admin <command>` runs the admin
 * command line. See sync-server/README.md.
 */
import { quietSqliteWarning } from './quiet-warnings.ts';
import { parseRelayArgs, relayUsage } from './cli/flags.ts';

async function main(argv: string[]) {
  // Before node:sqlite loads: the relay and the admin command line import it dynamically below.
  quietSqliteWarning();
  const [{ startRelay }, { runAdmin }] = await Promise.all([import('./server.ts'), import('./cli/admin.ts')]);
  if (argv[0] === 'admin') return process.exit(await runAdmin(argv.slice(1)));
  if (argv.includes('--help') || argv.includes('-h')) return console.log(relayUsage);
  const parsed = parseRelayArgs(argv, process.env);
  if (!parsed.ok) {
    console.error(parsed.error + '\n\n' + relayUsage);
    return process.exit(2);
  }
  const relay = await startRelay(parsed.options);
  const stop = async () => {
    await relay.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
