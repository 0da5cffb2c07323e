import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../src/generate/byte-buffer.js';
import { formatRecord } from '../../src/generate/record-format.js';

describe('record encoders', () => {
  it('NDJSON lines equal JSON.stringify of the record, for any text (quotes, backslashes, unicode, control chars)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.integer({ min: -1e15, max: 1e15 }), (type, value, ts) => {
        const link = { account: 'u1', type, value, ts };
        expect(formatRecord('ndjson', 'links', link)).toBe(`${JSON.stringify(link)}\n`);
      }),
    );
    const untimed = { account: 'u2', type: 'device', value: 'd_00ff00ff' };
    expect(formatRecord('ndjson', 'links', untimed)).toBe(`${JSON.stringify(untimed)}\n`);
    const label = { account: 'u3', label: 'fraud' as const };
    expect(formatRecord('ndjson', 'labels', label)).toBe(`${JSON.stringify(label)}\n`);
    const truth = { account: 'u3', ring: 'ring_0001', kind: 'device_farm' };
    expect(formatRecord('ndjson', 'truth', truth)).toBe(`${JSON.stringify(truth)}\n`);
    const lookalike = { account: 'u4', kind: 'household' };
    expect(formatRecord('ndjson', 'lookalikes', lookalike)).toBe(`${JSON.stringify(lookalike)}\n`);
  });

  it('CSV rows quote only fields with commas, quotes, newlines or edge spaces', () => {
    expect(formatRecord('csv', 'links', { account: 'u1', type: 'net,"addr"', value: 'x', ts: 0 })).toBe('u1,"net,""addr""",x,0\n');
    expect(formatRecord('csv', 'links', { account: 'u1', type: ' ip', value: 'é', ts: -5 })).toBe('u1," ip",é,-5\n');
    expect(formatRecord('csv', 'links', { account: 'u1', type: 'ip', value: 'v' })).toBe('u1,ip,v,\n');
    expect(formatRecord('csv', 'labels', { account: 'u1', label: 'benign' })).toBe('u1,benign\n');
    expect(formatRecord('csv', 'accounts', { id: 'u1', createdAt: '2026-01-01T00:00:00.000Z' })).toBe('u1,2026-01-01T00:00:00.000Z,\n');
  });

  it('the byte buffer grows past its capacity and hands over independent chunks', () => {
    const out = new ByteBuffer(16);
    const long = 'x'.repeat(100_000);
    out.ascii(long);
    out.integer(1767225600000);
    const first = out.take();
    out.ascii('after');
    expect(first.toString('latin1')).toBe(`${long}1767225600000`);
    expect(out.take().toString('latin1')).toBe('after');
  });
});
