// Chooses a FindingsStore from a spec: `sqlite:PATH` or `neo4j` (default: RINGSCAN_STORE, else sqlite:ringscan.db).
import { RingscanError } from '../schema/errors.js';
import type { FindingsStore } from './findings-store.js';
import { neo4jSettingsFromEnv, openNeo4jStore } from './neo4j-store.js';
import { openSqliteStore } from './sqlite-store.js';

export const DEFAULT_STORE = 'sqlite:ringscan.db';

export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'neo4j' };

export function parseStoreSpec(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): StoreSpec {
  const text = (spec ?? env.RINGSCAN_STORE ?? DEFAULT_STORE).trim();
  if (text === 'neo4j') return { kind: 'neo4j' };
  if (text.startsWith('sqlite:') && text.length > 'sqlite:'.length) return { kind: 'sqlite', path: text.slice('sqlite:'.length) };
  throw new RingscanError('BAD_USAGE', `unknown store '${text}': use sqlite:PATH or neo4j`);
}

export interface OpenStoreOptions {
  /** For SQLite: create the file when missing (default true); commands that only read pass false. */
  create?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function openStore(spec: string | undefined, options: OpenStoreOptions = {}): Promise<FindingsStore> {
  const env = options.env ?? process.env;
  const parsed = parseStoreSpec(spec, env);
  if (parsed.kind === 'neo4j') return openNeo4jStore(neo4jSettingsFromEnv(env));
  return openSqliteStore(parsed.path, { create: options.create ?? true });
}
