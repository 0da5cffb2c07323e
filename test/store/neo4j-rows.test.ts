// Neo4j row mappers: domain objects to parameter rows and back, Integer to number at the boundary.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import * as rows from '../../src/store/neo4j-rows.js';
import { runOne } from './store-contract.js';

/** What Neo4j hands back for a stored value: whole numbers as Integer, the rest unchanged. */
const asStored = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' && Number.isInteger(value) ? neo4j.int(value) : value]));

describe('Neo4j rows', () => {
  it('converts Integer to number, refuses unsafe integers and non-numbers', () => {
    expect(rows.toNumber(neo4j.int(42))).toBe(42);
    expect(rows.toNumber(0.25)).toBe(0.25);
    expect(() => rows.toNumber(neo4j.int('9007199254740993'))).toThrow(RangeError);
    expect(() => rows.toNumber(null)).toThrow(TypeError);
  });

  it('ring rows carry the run-scoped key, integer sizes, JSON documents and the graph of flagged rings only', () => {
    const { rings, graphs } = runOne();
    const ringRows = rows.ringRows('run-1', rings, graphs);
    const ringA = ringRows.find((row) => row.id === 'ringA')!;
    expect(ringA.key).toBe(JSON.stringify(['run-1', 'ringA']));
    expect(neo4j.isInt(ringA.size)).toBe(true);
    expect(ringA.graph).toBeInstanceOf(Int8Array);
    expect(rows.unpackGraph(ringA.graph)).toEqual(graphs.find((g) => g.ring === 'ringA'));
    expect(ringRows.find((row) => row.id === 'ringD')!.graph).toBeNull();
  });

  it('a graph reads back from deflated bytes (what the driver returns) and from the JSON text older stores hold', () => {
    const { graphs } = runOne();
    const graph = graphs[0]!;
    const packed = rows.packGraph(graph);
    expect(rows.unpackGraph(new Int8Array(packed))).toEqual(graph);
    expect(rows.unpackGraph(JSON.stringify(graph))).toEqual(graph);
    expect(rows.unpackGraph(null)).toBeNull();
  });

  it('account ids: every account a member row, risk row, use or edge names, once', () => {
    const ids = rows.accountIds(
      { members: [{ ring: 'g', account: 'a', role: 'member', risk: 0.1, weightedDegree: 0, betweenness: 0, pagerank: 0 }], accounts: [{ account: 'b', risk: 0.2, flagged: false, ring: null, role: null, reasons: [] }] },
      { uses: [{ account: 'a', entity: 'e' }, { account: 'c', entity: 'e' }], edges: [{ source: 'c', target: 'd' }] },
    );
    expect(ids.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a ring read back from its row equals the ring saved', () => {
    const { rings, graphs } = runOne();
    const ringRows = rows.ringRows('run-1', rings, graphs);
    ringRows.forEach((row, i) => expect(rows.toStoredRing(asStored(row))).toEqual(rings[i]));
  });

  it('members and account risks round-trip, a missing ring or role reads as null', () => {
    const { members, accounts } = runOne();
    const memberRows = rows.memberRows('run-1', members);
    memberRows.forEach((row, i) => expect(rows.toMember({ ...asStored(row), ring: members[i]!.ring })).toEqual(members[i]));
    rows.accountRows(accounts).forEach((row, i) => {
      const stored = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)); // Neo4j drops null properties
      expect(rows.toAccountRisk({ ring: null, role: null, ...stored })).toEqual(accounts[i]);
    });
  });

  it('graph rows list each entity, use and edge once, edges oriented source < target', () => {
    const graph = {
      ring: 'g',
      accounts: ['b', 'a'],
      entities: [{ id: 'd1', type: 'device', value: 'v', degree: 2, isHub: false }],
      uses: [
        { account: 'a', entity: 'd1' },
        { account: 'b', entity: 'd1' },
      ],
      edges: [{ source: 'b', target: 'a', weight: 1, sharedEntities: ['d1'], syncTargets: 2 }],
    };
    const result = rows.graphRows([graph, { ...graph, ring: 'h' }]);
    expect(result.entities).toHaveLength(1);
    expect(result.uses).toHaveLength(2);
    expect(result.edges).toEqual([{ source: 'a', target: 'b', weight: 1, sharedEntities: ['d1'], syncTargets: neo4j.int(2) }]);
    expect(rows.toEdgeFrom({ origin: 'a', other: 'b', weight: 1, sharedEntities: ['d1'], syncTargets: neo4j.int(2) })).toEqual({
      from: 'a',
      other: 'b',
      weight: 1,
      sharedEntities: ['d1'],
      syncTargets: 2,
    });
  });

  it('run properties keep nested documents as JSON and read back to the same record', () => {
    const { run, config } = runOne();
    const props = rows.runProps(run, config, 1000);
    expect(props.writingSinceMs).toBe(1000);
    expect(JSON.parse(props.config as string)).toEqual(config);
    expect(rows.toRunRecord(props)).toEqual(run);
  });
});
