// The datasets `npm run eval:variants` and `npm run fit:defaults` read: the tuning family (what defaults may be
// tuned on), the held-out family (never tuned on), generated into .bench/ and reused while their arguments and
// the generator's code are unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Family = 'tuning' | 'held-out' | 'real';

export interface Variant {
  name: string;
  family: Family;
  /** What the variant checks, in a few words. */
  about: string;
  /** `ringscan generate` arguments; absent for real data. */
  args?: string[];
  /** Folder of a real dataset. */
  dir?: string;
}

const RENAME_ALL = 'device=handset,card=instrument,phone=msisdn,ip=netaddr,email=mailbox,address=geo,fingerprint=browser';
export const VARIANTS: Variant[] = [
  { name: 'seed1', family: 'tuning', about: 'default mix', args: ['--seed', '1'] },
  { name: 'seed2', family: 'tuning', about: 'default mix', args: ['--seed', '2'] },
  { name: 'seed3', family: 'tuning', about: 'default mix', args: ['--seed', '3'] },
  {
    name: 'payment-year',
    family: 'held-out',
    about: 'payment rings created over a year, no actions, own device and IP each',
    args: ['--seed', '21', '--days', '45', '--kind-mix', 'payment_ring=0.6,device_farm=0.2,engagement_pod=0.2'],
  },
  {
    name: 'camo-farm-months',
    family: 'held-out',
    about: 'camouflaged farms made over months: ordinary behaviour, own device and proxy pools',
    args: ['--seed', '22', '--fraud-share', '0.03', '--kind-mix', 'camouflaged_farm=0.6,card_ring=0.2,engagement_pod=0.2'],
  },
  {
    name: 'big-farm-1500',
    family: 'held-out',
    about: 'a 1,500-account farm created within 1 h, each on 4 of 120 devices, plus the default mix',
    args: ['--seed', '23', '--big-farm', '1500,120,4,60'],
  },
  {
    name: 'bulk-registration',
    family: 'held-out',
    about: '~100 accounts registered within minutes sharing only a hub device',
    args: ['--seed', '24', '--kind-mix', 'bulk_registration=0.5,device_farm=0.25,card_ring=0.25'],
  },
  {
    name: 'human-paced',
    family: 'held-out',
    about: 'sockpuppet groups of 2–12 acting minutes to hours apart, with moderators answering them',
    args: ['--seed', '25', '--fraud-share', '0.02', '--kind-mix', 'sockpuppet_group=0.7,engagement_pod=0.3'],
  },
  { name: 'only-ip', family: 'held-out', about: 'one identifier type (ip)', args: ['--seed', '5', '--only-types', 'ip'] },
  { name: 'only-device-renamed', family: 'held-out', about: 'one type, renamed (device → wallet)', args: ['--seed', '6', '--only-types', 'device', '--rename-types', 'device=wallet'] },
  { name: 'renamed-all', family: 'held-out', about: 'every type renamed', args: ['--seed', '7', '--rename-types', RENAME_ALL] },
  { name: 'no-actions', family: 'held-out', about: 'no actions file content', args: ['--seed', '8', '--no-actions'] },
  { name: 'no-links', family: 'held-out', about: 'no links file content', args: ['--seed', '10', '--no-links'] },
  { name: 'seed9-60days', family: 'held-out', about: 'default mix, 60-day window, fraud share 0.03', args: ['--seed', '9', '--days', '60', '--fraud-share', '0.03'] },
];

export const ROOT = join(import.meta.dirname, '..', '..');
const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');

/** The variant's generate arguments with its seed moved by --seed-offset. */
function generateArgs(variant: Variant, seedOffset: number): string[] {
  const args = [...(variant.args ?? [])];
  const at = args.indexOf('--seed');
  if (at >= 0) args[at + 1] = String(Number(args[at + 1]) + seedOffset);
  return args;
}

/** A digest of the built generator, so a cached dataset made by older generator code is made again. */
function generatorDigest(): string {
  const folder = join(import.meta.dirname, '..', 'src', 'generate');
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.js')).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  return hash.digest('hex').slice(0, 16);
}
const GENERATOR = generatorDigest();

/** Generates the variant into .bench/ unless an identical generation (same arguments and generator) is there. */
export function datasetDir(variant: Variant, accounts: string, seedOffset: number): string {
  if (variant.dir) return variant.dir;
  const dir = join(ROOT, '.bench', `variant-${variant.name}-${accounts}${seedOffset > 0 ? `-s${seedOffset}` : ''}`);
  const args = ['generate', '--out', dir, '--accounts', accounts, '--force', ...generateArgs(variant, seedOffset)];
  const stamp = join(dir, 'generated-with.json');
  const wanted = JSON.stringify({ args, generator: GENERATOR });
  const isCached = existsSync(join(dir, 'truth.ndjson')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
  if (!isCached) {
    execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stamp, wanted);
  }
  return dir;
}
