import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** A running relay writes where it listens into its data folder, so the admin CLI finds it. */
export const RELAY_INFO_FILE = 'relay.json';
const RelayInfo = z.object({ httpUrl: z.string().url(), publicUrl: z.string(), pid: z.number().optional() });
export type RelayInfo = z.infer<typeof RelayInfo>;

export async function readRelayInfo(dataDir: string): Promise<RelayInfo | undefined> {
  const raw = await readFile(join(dataDir, RELAY_INFO_FILE), 'utf8').catch(() => undefined);
  if (!raw) return undefined;
  try {
    return RelayInfo.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
