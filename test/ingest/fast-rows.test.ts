// fastRowReader takes the common row shapes itself and defers everything unusual to JSON.parse + zod.
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../src/ingest/dataset-builder.js';
import { fastRowReader } from '../../src/ingest/fast-rows.js';
import type { DatasetFileKind } from '../../src/schema/input.js';

function tryFast(kind: DatasetFileKind, line: string, builder = new DatasetBuilder()): boolean {
  return fastRowReader(kind, builder)(line, 0, line.length, 1);
}

describe('fastRowReader', () => {
  it('accepts the plain rows of every kind', () => {
    expect(tryFast('accounts', '{"id":"u6ccpzcx","createdAt":"2025-04-18T22:29:47.000Z","country":"US"}')).toBe(true);
    expect(tryFast('links', '{"account":"u6ccpzcx","type":"device","value":"d_9f2","ts":1767292039465}')).toBe(true);
    expect(tryFast('links', '{"account":"u6ccpzcx","type":"device","value":"d_9f2"}')).toBe(true);
    expect(tryFast('actions', '{"account":"u6ccpzcx","action":"like","target":"p_c7143dde","ts":1769033185491}')).toBe(true);
    expect(tryFast('labels', '{"account":"u6ccpzcx","label":"fraud","ring":"r-12","kind":"device_farm"}')).toBe(true);
  });

  it('defers rows zod must judge or that need trimming, escapes or a duplicate-id reason', () => {
    expect(tryFast('links', '{"account":" a1","type":"ip","value":"v"}')).toBe(false);
    expect(tryFast('links', '{"account":"a\\u0031","type":"ip","value":"v"}')).toBe(false);
    expect(tryFast('actions', '{"account":"a1","action":"like","target":"p1"}')).toBe(false);
    expect(tryFast('labels', '{"account":"a1","label":"maybe"}')).toBe(false);
    expect(tryFast('accounts', '{"id":"a1","createdAt":"soon"}')).toBe(false);
    const builder = new DatasetBuilder();
    expect(tryFast('accounts', '{"id":"a1","createdAt":1704067200000}', builder)).toBe(true);
    expect(tryFast('accounts', '{"id":"a1","createdAt":1704067200001}', builder)).toBe(false);
    expect(tryFast('accounts', '{"id":"a2","createdAt":1}')).toBe(false);
    expect(tryFast('accounts', '{"id":"a2","createdAt":"hello 2020"}')).toBe(false);
    expect(tryFast('links', '{"account":"a\u007f","type":"ip","value":"v"}')).toBe(false);
  });

  it('adds what it accepts to the builder as the row-object path would', () => {
    const fast = new DatasetBuilder();
    const read = fastRowReader('actions', fast);
    const line = '{"account":"a1","action":"like","target":"p1","ts":"2024-01-01T00:00:30Z"}';
    expect(read(`xx${line}yy`, 2, 2 + line.length, 1)).toBe(true);
    const slow = new DatasetBuilder();
    slow.addActionRow({ account: 'a1', action: 'like', target: 'p1', tsMs: Date.parse('2024-01-01T00:00:30Z') });
    expect(fast.build(false)).toEqual(slow.build(false));
  });
});
