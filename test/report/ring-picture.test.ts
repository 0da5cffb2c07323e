import { describe, expect, it } from 'vitest';
import { ringPictureSvg } from '../../src/report/ring-picture.js';
import type { RingGraph } from '../../src/schema/findings.js';

const farm: RingGraph = {
  ring: 'R1',
  accounts: ['a1', 'a2', 'a3', 'a4'],
  entities: [
    { id: 'device:d1', type: 'device', value: 'd1', degree: 4, isHub: false },
    { id: 'ip:i1', type: 'ip', value: 'i1', degree: 2, isHub: false },
    { id: 'ip:nat', type: 'ip', value: 'nat', degree: 9000, isHub: true },
  ],
  uses: [
    ...['a1', 'a2', 'a3', 'a4'].map((account) => ({ account, entity: 'device:d1' })),
    { account: 'a1', entity: 'ip:i1' },
    { account: 'a2', entity: 'ip:i1' },
    { account: 'a3', entity: 'ip:nat' },
  ],
  edges: [{ source: 'a1', target: 'a2', weight: 1, sharedEntities: ['device:d1', 'ip:i1'], syncTargets: 0 }],
};

describe('ringPictureSvg', () => {
  it('one dot per account (by role) and per shared identifier (by type), a line per identifier link, hubs left out', () => {
    const svg = ringPictureSvg({ graph: farm, roles: { a1: 'coordinator', a2: 'member', a3: 'member', a4: 'peripheral' } });
    expect(svg.match(/<circle class="account"/g)).toHaveLength(4);
    expect(svg.match(/<circle class="identifier"/g)).toHaveLength(2);
    expect(svg.match(/<line /g)).toHaveLength(6);
    expect(svg).toContain('fill="#b91c1c"><title>a1 (coordinator)</title>');
    expect(svg).toContain('fill="#2563eb"><title>device d1: shared by 4 members</title>');
    expect(svg).not.toContain('ip nat');
    expect(svg).toMatch(/aria-label="ring R1: 4 accounts, 2 shared identifiers \(device, ip\)"/);
  });

  it('a ring that shares nothing is drawn by its synchrony edges', () => {
    const pod: RingGraph = { ring: 'R2', accounts: ['p1', 'p2', 'p3'], entities: [], uses: [], edges: [{ source: 'p1', target: 'p2', weight: 0.5, sharedEntities: [], syncTargets: 6 }, { source: 'p2', target: 'p3', weight: 0.4, sharedEntities: [], syncTargets: 5 }] };
    const svg = ringPictureSvg({ graph: pod, roles: {} });
    expect(svg.match(/<line [^>]*stroke="#a855f7"/g)).toHaveLength(2);
    expect(svg.match(/<circle class="account"/g)).toHaveLength(3);
  });

  it('escapes ids so a hostile account id cannot break the page', () => {
    const svg = ringPictureSvg({ graph: { ...farm, accounts: ['<script>x</script>'], uses: [] }, roles: {} });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
