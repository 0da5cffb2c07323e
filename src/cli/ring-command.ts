// `ringscan ring ID` and `ringscan account ID [--neighbors --depth 2]`: what the API answers for a ring or an
// account (the same views, read from the store), as text for people or with --json as the API's JSON.
import { Command } from 'commander';
import { z } from 'zod';
import { accountView, neighborsView, ringDetailView } from '../api/finding-views.js';
import { resolveRun } from './read-stored-run.js';
import { ID_RULE_TEXT } from '../schema/id-rule.js';
import { AccountIdSchema, PAGE_DEFAULTS, RingIdSchema, type AccountResponse, type NeighborsResponse, type RingDetail } from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';
import { openStore } from '../store/open-store.js';

const STORE_HELP = 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)';

const RingOptionsSchema = z.object({ store: z.string().min(1).optional(), run: z.string().min(1).optional(), json: z.boolean().default(false) });
const AccountOptionsSchema = RingOptionsSchema.extend({
  neighbors: z.boolean().default(false),
  depth: z.coerce.number().int().min(1).max(2).default(1),
  limit: z.coerce.number().int().min(1).max(PAGE_DEFAULTS.maxLimit).default(PAGE_DEFAULTS.limit),
});

export function registerRingCommands(program: Command): void {
  program
    .command('ring')
    .description('Show a ring of a stored run: score, status, reasons, history, first members (what GET /v1/rings/:id answers)')
    .argument('<id>', 'ring id, as `ringscan run` prints it')
    .option('--store <spec>', STORE_HELP)
    .option('--run <id>', 'run to read (default: the current run)')
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = RingOptionsSchema.parse(raw);
      process.stdout.write(await ringCommand(idArgument(RingIdSchema, id, 'ring'), options));
    });
  program
    .command('account')
    .description("Show an account's risk, ring, role and reasons in a stored run, and optionally who shares what with it")
    .argument('<id>', 'account id')
    .option('--store <spec>', STORE_HELP)
    .option('--run <id>', 'run to read (default: the current run)')
    .option('--neighbors', 'also list its neighbours (accounts linked to it by shared identifiers or synchrony)')
    .option('--depth <n>', 'neighbour hops, 1 or 2', '1')
    .option('--limit <n>', `most neighbours listed (at most ${PAGE_DEFAULTS.maxLimit})`, String(PAGE_DEFAULTS.limit))
    .option('--json', 'print the API answer as JSON ({account, neighbors} with --neighbors)')
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = AccountOptionsSchema.parse(raw);
      process.stdout.write(await accountCommand(idArgument(AccountIdSchema, id, 'account'), options));
    });
}

/** The API's id rule, said in words: an id it would refuse is refused here the same way. */
function idArgument(schema: z.ZodType<string>, id: string, what: string): string {
  if (schema.safeParse(id).success) return id;
  throw new RingscanError('BAD_USAGE', `not a valid ${what} id: ${JSON.stringify(id)} (ids are ${ID_RULE_TEXT})`);
}

export async function ringCommand(id: string, options: z.infer<typeof RingOptionsSchema>): Promise<string> {
  const store = await openStore(options.store, { create: false });
  try {
    const run = await resolveRun(store, options.run);
    const detail = await ringDetailView(store, run.id, id);
    if (!detail) throw new RingscanError('NOT_FOUND', `no ring ${id} in run ${run.id}`);
    return options.json ? `${JSON.stringify(detail)}\n` : formatRing(detail);
  } finally {
    await store.close();
  }
}

export async function accountCommand(id: string, options: z.infer<typeof AccountOptionsSchema>): Promise<string> {
  const store = await openStore(options.store, { create: false });
  try {
    const run = await resolveRun(store, options.run);
    const account = await accountView(store, run.id, id);
    const neighbors = options.neighbors ? await neighborsView(store, run.id, id, options.depth === 2 ? 2 : 1, options.limit) : null;
    if (options.json) return `${JSON.stringify(neighbors ? { account, neighbors } : account)}\n`;
    return formatAccount(account, neighbors);
  } finally {
    await store.close();
  }
}

export function formatRing(detail: RingDetail): string {
  const r = detail.ring;
  const lines = [
    `ring ${r.id} in run ${detail.run}: score ${r.score.toFixed(2)}, ${r.size} accounts, ${r.status}, ${r.flagged ? 'flagged' : 'not flagged'}`,
    ...(r.previous.length > 0 ? [`came from ${r.previous.join(', ')}`] : []),
    'reasons:',
    ...r.reasons.filter((reason) => reason.weight > 0).map((reason) => `  - ${reason.text}`),
    'history (oldest first):',
    ...detail.history.map((h) => `  ${h.run}  ${h.status}  ${h.size} accounts  score ${h.score.toFixed(2)}${h.flagged ? '  flagged' : ''}`),
    `members${detail.members.nextCursor ? ` (first ${detail.members.items.length}; the rest: GET /v1/rings/${r.id}/members or ringscan export)` : ''}:`,
    ...detail.members.items.map((m) => `  ${m.account}  ${m.role.padEnd(11)}  risk ${m.risk.toFixed(3)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatAccount(account: AccountResponse, neighbors: NeighborsResponse | null): string {
  const where = account.ring === null ? 'in no ring' : `${account.role ?? 'member'} of ring ${account.ring}`;
  const lines = [
    `account ${account.account} in run ${account.run}: risk ${account.risk.toFixed(3)}, ${where}, ${account.flagged ? 'flagged' : 'not flagged'}`,
    ...(account.reasons.length > 0 ? ['reasons:', ...account.reasons.map((reason) => `  - ${reason}`)] : ['no findings for this account']),
  ];
  if (neighbors) {
    lines.push(`neighbours (depth ${neighbors.depth}, ${neighbors.items.length} shown):`);
    if (neighbors.items.length === 0) lines.push('  none in the stored evidence graphs (only flagged rings keep theirs)');
    for (const n of neighbors.items) {
      const evidence = [...(n.sharedEntities.length > 0 ? [`shares ${n.sharedEntities.join(', ')}`] : []), ...(n.syncTargets > 0 ? [`acted together on ${n.syncTargets} targets`] : [])];
      lines.push(`  ${n.depth}  ${n.account}${n.depth === 2 ? ` (via ${n.via})` : ''}  weight ${n.weight.toFixed(3)}  ${evidence.join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
