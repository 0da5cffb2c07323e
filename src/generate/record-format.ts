// Encodings of generated records, written straight into bytes: one NDJSON line or one CSV row (RFC 4180 quoting).
import { ByteBuffer } from './byte-buffer.js';
import type { GeneratedAccount, GeneratedAction, GeneratedLabel, GeneratedLink, GeneratedLookalike, GeneratedTruth } from './dataset-sink.js';

export type DatasetFormat = 'ndjson' | 'csv';

/** Column order of each file: the CSV header and the NDJSON key order. */
export const COLUMNS = {
  accounts: ['id', 'createdAt', 'country'],
  links: ['account', 'type', 'value', 'ts'],
  actions: ['account', 'action', 'target', 'ts'],
  labels: ['account', 'label'],
  truth: ['account', 'ring', 'kind'],
  lookalikes: ['account', 'kind'],
} as const;
export type DatasetFileName = keyof typeof COLUMNS;

export interface RecordEncoder {
  /** Text the file starts with (the CSV header), possibly empty. */
  header(file: DatasetFileName): string;
  account(out: ByteBuffer, r: GeneratedAccount): void;
  link(out: ByteBuffer, r: GeneratedLink): void;
  action(out: ByteBuffer, r: GeneratedAction): void;
  label(out: ByteBuffer, r: GeneratedLabel): void;
  truth(out: ByteBuffer, r: GeneratedTruth): void;
  lookalike(out: ByteBuffer, r: GeneratedLookalike): void;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

const isJsonPlain = (code: number) => code >= 0x20 && code !== QUOTE && code !== 0x5c;
const isCsvPlain = (code: number) => code !== COMMA && code !== QUOTE && code !== 0x0a && code !== 0x0d;
const isEdgeSpace = (code: number) => code === 0x20 || code === 0x09;

function jsonString(out: ByteBuffer, text: string): void {
  out.byte(QUOTE);
  if (out.plainAscii(text, isJsonPlain)) out.byte(QUOTE);
  else out.utf8(JSON.stringify(text).slice(1)); // escaped body and the closing quote
}

function csvField(out: ByteBuffer, text: string | undefined): void {
  if (text === undefined || text.length === 0) return;
  const hasEdgeSpace = isEdgeSpace(text.charCodeAt(0)) || isEdgeSpace(text.charCodeAt(text.length - 1));
  if (!hasEdgeSpace && out.plainAscii(text, isCsvPlain)) return;
  out.utf8(hasEdgeSpace || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
}

export const NDJSON_ENCODER: RecordEncoder = {
  header: () => '',
  account(out, r) {
    out.ascii('{"id":');
    jsonString(out, r.id);
    out.ascii(',"createdAt":');
    jsonString(out, r.createdAt);
    if (r.country !== undefined) {
      out.ascii(',"country":');
      jsonString(out, r.country);
    }
    out.ascii('}\n');
  },
  link(out, r) {
    out.ascii('{"account":');
    jsonString(out, r.account);
    out.ascii(',"type":');
    jsonString(out, r.type);
    out.ascii(',"value":');
    jsonString(out, r.value);
    if (r.ts !== undefined) {
      out.ascii(',"ts":');
      out.integer(r.ts);
    }
    out.ascii('}\n');
  },
  action(out, r) {
    out.ascii('{"account":');
    jsonString(out, r.account);
    out.ascii(',"action":');
    jsonString(out, r.action);
    out.ascii(',"target":');
    jsonString(out, r.target);
    out.ascii(',"ts":');
    out.integer(r.ts);
    out.ascii('}\n');
  },
  label(out, r) {
    out.ascii('{"account":');
    jsonString(out, r.account);
    out.ascii(',"label":');
    jsonString(out, r.label);
    out.ascii('}\n');
  },
  truth(out, r) {
    out.ascii('{"account":');
    jsonString(out, r.account);
    out.ascii(',"ring":');
    jsonString(out, r.ring);
    out.ascii(',"kind":');
    jsonString(out, r.kind);
    out.ascii('}\n');
  },
  lookalike(out, r) {
    out.ascii('{"account":');
    jsonString(out, r.account);
    out.ascii(',"kind":');
    jsonString(out, r.kind);
    out.ascii('}\n');
  },
};

export const CSV_ENCODER: RecordEncoder = {
  header: (file) => `${COLUMNS[file].join(',')}\n`,
  account(out, r) {
    csvField(out, r.id);
    out.byte(COMMA);
    csvField(out, r.createdAt);
    out.byte(COMMA);
    csvField(out, r.country);
    out.byte(NEWLINE);
  },
  link(out, r) {
    csvField(out, r.account);
    out.byte(COMMA);
    csvField(out, r.type);
    out.byte(COMMA);
    csvField(out, r.value);
    out.byte(COMMA);
    if (r.ts !== undefined) out.integer(r.ts);
    out.byte(NEWLINE);
  },
  action(out, r) {
    csvField(out, r.account);
    out.byte(COMMA);
    csvField(out, r.action);
    out.byte(COMMA);
    csvField(out, r.target);
    out.byte(COMMA);
    out.integer(r.ts);
    out.byte(NEWLINE);
  },
  label(out, r) {
    csvField(out, r.account);
    out.byte(COMMA);
    csvField(out, r.label);
    out.byte(NEWLINE);
  },
  truth(out, r) {
    csvField(out, r.account);
    out.byte(COMMA);
    csvField(out, r.ring);
    out.byte(COMMA);
    csvField(out, r.kind);
    out.byte(NEWLINE);
  },
  lookalike(out, r) {
    csvField(out, r.account);
    out.byte(COMMA);
    csvField(out, r.kind);
    out.byte(NEWLINE);
  },
};

export const ENCODERS: Record<DatasetFormat, RecordEncoder> = { ndjson: NDJSON_ENCODER, csv: CSV_ENCODER };

type RecordOf = {
  accounts: GeneratedAccount;
  links: GeneratedLink;
  actions: GeneratedAction;
  labels: GeneratedLabel;
  truth: GeneratedTruth;
  lookalikes: GeneratedLookalike;
};

/** One record as text (for tools and tests; the writer encodes into its buffers directly). */
export function formatRecord<F extends DatasetFileName>(format: DatasetFormat, file: F, record: RecordOf[F]): string {
  const out = new ByteBuffer(256);
  const encoder = ENCODERS[format];
  if (file === 'accounts') encoder.account(out, record as GeneratedAccount);
  else if (file === 'links') encoder.link(out, record as GeneratedLink);
  else if (file === 'actions') encoder.action(out, record as GeneratedAction);
  else if (file === 'labels') encoder.label(out, record as GeneratedLabel);
  else if (file === 'truth') encoder.truth(out, record as GeneratedTruth);
  else encoder.lookalike(out, record as GeneratedLookalike);
  return out.take().toString('utf8');
}
