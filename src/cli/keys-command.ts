// `ringscan keys create|list|revoke`: make an API key (printed once, only its hash kept), list ids and scopes, or
// remove one (a server following the file stops accepting it).
import { Command } from 'commander';
import { z } from 'zod';
import { createKeyInFile, loadKeys, revokeKeyInFile } from '../api/keys-file.js';
import { ScopeSchema } from '../schema/api.js';

const DEFAULT_KEYS_FILE = 'ringscan-keys.jsonl';

const CreateOptionsSchema = z.object({
  scope: z
    .string()
    .transform((text) => text.split(',').map((scope) => scope.trim()).filter((scope) => scope !== ''))
    .pipe(z.array(ScopeSchema).min(1)),
  keys: z.string().min(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -').optional(),
  json: z.boolean().default(false),
});

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys for `ringscan serve` (only sha256 hashes are stored)');
  keys
    .command('create')
    .description('Create an API key, append its hash to the keys file and print the key once')
    .requiredOption('--scope <scopes>', 'comma-separated scopes: investigate, enforce, admin')
    .option('--keys <file>', 'keys file (JSON lines; created with mode 0600)', DEFAULT_KEYS_FILE)
    .option('--id <name>', 'key id shown in logs (default: random)')
    .option('--json', 'print {id, scopes, key} as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = CreateOptionsSchema.parse(raw);
      const created = await createKeyInFile(options.keys, options.scope, { ...(options.id ? { id: options.id } : {}), now: new Date() });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ id: created.record.id, scopes: created.record.scopes, key: created.key })}\n`);
        return;
      }
      process.stdout.write(`${created.key}\n`);
      process.stderr.write(`key ${created.record.id} (${created.record.scopes.join(', ')}) added to ${options.keys}; it is shown only now, store it safely\n`);
    });
  keys
    .command('list')
    .description('List key ids and scopes (never the keys)')
    .option('--keys <file>', 'keys file', DEFAULT_KEYS_FILE)
    .option('--json', 'print [{id, scopes, createdAt}] as JSON')
    .action(async (raw: { keys: string; json?: boolean }) => {
      const records = await loadKeys({ file: raw.keys });
      if (raw.json) {
        process.stdout.write(`${JSON.stringify(records.map(({ id, scopes, createdAt }) => ({ id, scopes, createdAt: createdAt ?? null })))}\n`);
        return;
      }
      for (const record of records) {
        process.stdout.write(`${record.id}\t${record.scopes.join(',')}\t${record.createdAt ?? ''}\n`);
      }
    });
  keys
    .command('revoke')
    .description('Remove a key from the keys file; a server started with --keys on that file stops accepting it within a second')
    .argument('<id>', 'key id (see `ringscan keys list`)')
    .option('--keys <file>', 'keys file', DEFAULT_KEYS_FILE)
    .option('--json', 'print {id, scopes, revoked: true} as JSON')
    .action(async (id: string, raw: { keys: string; json?: boolean }) => {
      const revoked = await revokeKeyInFile(raw.keys, id);
      if (raw.json) {
        process.stdout.write(`${JSON.stringify({ id: revoked.id, scopes: revoked.scopes, revoked: true })}\n`);
        return;
      }
      process.stdout.write(`key ${revoked.id} (${revoked.scopes.join(', ')}) revoked in ${raw.keys}\n`);
    });
}
