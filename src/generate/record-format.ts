// Text encodings of generated records: one NDJSON line or one CSV row (RFC 4180 quoting), built by hand for speed.
import type { GeneratedAccount, GeneratedAction, GeneratedLabel, GeneratedLink } from './dataset-sink.js';

export type DatasetFormat = 'ndjson' | 'csv';

/** Column order of each file; the CSV header and the NDJSON key order. */
export const COLUMNS = {
  accounts: ['id', 'createdAt', 'country'],
  links: ['account', 'type', 'value', 'ts'],
  actions: ['account', 'action', 'target', 'ts'],
  labels: ['account', 'label', 'ring', 'kind'],
} as const;

const PLAIN_JSON = /^[A-Za-z0-9_\-.:+ ]*$/;
const PLAIN_CSV = /^[^",\r\n]*$/;

function json(text: string): string {
  return PLAIN_JSON.test(text) ? `"${text}"` : JSON.stringify(text);
}

function csv(text: string | undefined): string {
  if (text === undefined) return '';
  return PLAIN_CSV.test(text) && text.trim() === text ? text : `"${text.replaceAll('"', '""')}"`;
}

export const ndjsonLine = {
  account: (r: GeneratedAccount) =>
    r.country === undefined
      ? `{"id":${json(r.id)},"createdAt":${json(r.createdAt)}}\n`
      : `{"id":${json(r.id)},"createdAt":${json(r.createdAt)},"country":${json(r.country)}}\n`,
  link: (r: GeneratedLink) =>
    r.ts === undefined
      ? `{"account":${json(r.account)},"type":${json(r.type)},"value":${json(r.value)}}\n`
      : `{"account":${json(r.account)},"type":${json(r.type)},"value":${json(r.value)},"ts":${r.ts}}\n`,
  action: (r: GeneratedAction) =>
    `{"account":${json(r.account)},"action":${json(r.action)},"target":${json(r.target)},"ts":${r.ts}}\n`,
  label: (r: GeneratedLabel) =>
    `{"account":${json(r.account)},"label":"${r.label}"${r.ring === undefined ? '' : `,"ring":${json(r.ring)}`},"kind":${json(r.kind)}}\n`,
};

export const csvLine = {
  account: (r: GeneratedAccount) => `${csv(r.id)},${csv(r.createdAt)},${csv(r.country)}\n`,
  link: (r: GeneratedLink) => `${csv(r.account)},${csv(r.type)},${csv(r.value)},${r.ts ?? ''}\n`,
  action: (r: GeneratedAction) => `${csv(r.account)},${csv(r.action)},${csv(r.target)},${r.ts}\n`,
  label: (r: GeneratedLabel) => `${csv(r.account)},${r.label},${csv(r.ring)},${csv(r.kind)}\n`,
};

export function csvHeader(file: keyof typeof COLUMNS): string {
  return `${COLUMNS[file].join(',')}\n`;
}
