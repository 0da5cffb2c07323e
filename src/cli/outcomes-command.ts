// `ringscan generate --out DIR --outcomes ASSIGNMENT`: outcomes of an enforcement experiment on an existing generated
// dataset (its ground truth, DIR/truth.ndjson, says who is fraud), with a known true effect or none (--aa). Writes DIR/outcomes.ndjson (or
// --outcomes-out) and the planted effects beside it (outcomes.truth.json).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { parseTruthRecords } from '../evaluate/ground-truth.js';
import { readAssignment } from '../experiment/experiment-files.js';
import { OUTCOME_DEFAULTS, simulateOutcomes, trueEffects, type OutcomeRecord } from '../generate/experiment-outcomes.js';
import { RingscanError } from '../schema/errors.js';

const number = z.coerce.number({ error: 'must be a number' });

export const OutcomesCliOptionsSchema = z.object({
  out: z.string().min(1),
  outcomes: z.string().min(1),
  outcomesOut: z.string().optional(),
  seed: number.pipe(z.number().int()).default(OUTCOME_DEFAULTS.seed),
  effect: number.pipe(z.number().gt(-1)).default(OUTCOME_DEFAULTS.effect),
  appealRate: number.pipe(z.number().min(0)).default(OUTCOME_DEFAULTS.appealRate),
  aa: z.boolean().default(false),
  json: z.boolean().default(false),
});

export async function writeExperimentOutcomes(raw: unknown): Promise<{ file: string; rows: number; line: string }> {
  const o = OutcomesCliOptionsSchema.parse(raw);
  const { rows: assignment } = await readAssignment(o.outcomes);
  const truthFile = join(o.out, 'truth.ndjson');
  let text: string;
  try {
    text = await readFile(truthFile, 'utf8');
  } catch {
    throw new RingscanError('MISSING_FILE', `no ground truth ${truthFile}: --outcomes needs a dataset written by \`ringscan generate\` in --out`);
  }
  const fraud = new Set(parseTruthRecords(text, truthFile).map((record) => record.account));
  const units = assignment.map((row) => ({ account: row.account, ring: row.ring, enforced: row.arm === 'enforce', fraud: fraud.has(row.account) }));
  const options = { ...OUTCOME_DEFAULTS, seed: o.seed, effect: o.effect, appealRate: o.appealRate, aa: o.aa };
  const records: OutcomeRecord[] = simulateOutcomes(units, options);
  const file = o.outcomesOut ?? join(o.out, 'outcomes.ndjson');
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const fraudShare = units.filter((u) => u.fraud).length / Math.max(1, units.length);
  const planted = { aa: o.aa, seed: o.seed, fraudShare, effects: trueEffects(options, fraudShare) };
  const plantedFile = file.replace(/\.ndjson$/, '') + '.truth.json';
  await writeFile(plantedFile, `${JSON.stringify(planted, null, 2)}\n`);
  const line = o.aa
    ? `wrote ${records.length} outcome rows for ${units.length} assigned accounts to ${file} (A/A: enforcement has no effect); planted effects in ${plantedFile}`
    : `wrote ${records.length} outcome rows for ${units.length} assigned accounts to ${file}: enforcement changes reports, repeat_abuse and chargebacks by ${(100 * o.effect).toFixed(0)} % and adds ${o.appealRate} appeals per account; planted effects in ${plantedFile}`;
  return { file, rows: records.length, line: o.json ? JSON.stringify({ file, rows: records.length, truth: planted }) : line };
}
