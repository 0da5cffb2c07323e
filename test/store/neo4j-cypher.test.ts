// Cypher builders: values only ever travel as parameters, every $parameter is supplied, the schema is idempotent.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import * as cypher from '../../src/store/neo4j-cypher.js';
import type { CypherQuery } from '../../src/store/neo4j-cypher.js';

// Values shaped like injection attempts: none may appear in a query text.
const evil = "x' }) DETACH DELETE n //";
const evil2 = 'y") MATCH (m) SET m.owned = true //';

const queries: [string, CypherQuery][] = [
  ['runExists', cypher.runExists(evil)],
  ['createRun', cypher.createRun({ id: evil })],
  ['writeRings', cypher.writeRings(evil, [{ key: evil2 }])],
  ['writeDissolved', cypher.writeDissolved(evil, [{ key: evil2 }])],
  ['writeAccountNodes', cypher.writeAccountNodes([evil, evil2])],
  ['writeMembers', cypher.writeMembers(evil, [{ key: evil2, account: evil }])],
  ['writeAccounts', cypher.writeAccounts(evil, [{ account: evil2 }])],
  ['writeEntities', cypher.writeEntities([{ id: evil }])],
  ['writeUses', cypher.writeUses([{ account: evil, entity: evil2 }])],
  ['writeEdges', cypher.writeEdges(evil, [{ source: evil, target: evil2 }])],
  ['touchRun', cypher.touchRun(evil, 1234)],
  ['publishRun', cypher.publishRun(evil)],
  ['staleRuns', cypher.staleRuns(1234)],
  ...cypher.deleteRunStep(evil, 100).map((query, i): [string, CypherQuery] => [`deleteRunStep ${i}`, query]),
  ['currentRun', cypher.currentRun()],
  ['getRun', cypher.getRun(evil)],
  ['listRuns', cypher.listRuns(5)],
  ['listRings', cypher.listRings({ run: evil, minScore: 0.5, status: evil2, after: { score: 0.7, id: evil2 }, limit: 10 })],
  ['getRing', cypher.getRing(evil, evil2)],
  ['listMembers', cypher.listMembers(evil, evil2, evil, 10)],
  ['getRingGraph', cypher.getRingGraph(evil, evil2)],
  ['ringHistory', cypher.ringHistory(evil)],
  ['ringDetails', cypher.ringDetails(evil, [evil2, evil], 10)],
  ['getAccounts', cypher.getAccounts(evil, [evil2])],
  ['edgesOf', cypher.edgesOf(evil, [evil2])],
  ['exportRings', cypher.exportRings(evil, 0.3)],
  ['exportRings flagged', cypher.exportRings(evil, undefined)],
  ['exportMembers', cypher.exportMembers(evil, [evil2])],
  ['databaseLabels', cypher.databaseLabels()],
];

const parametersIn = (text: string) => new Set([...text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!));

describe('Cypher builders', () => {
  it.each(queries)('%s: no value in the text, and exactly the parameters it uses', (_name, query) => {
    expect(query.text).not.toContain(evil);
    expect(query.text).not.toContain(evil2);
    expect(query.text).not.toContain('1234');
    expect(parametersIn(query.text)).toEqual(new Set(Object.keys(query.params)));
  });

  it('carries the values verbatim in the parameters', () => {
    expect(cypher.getRun(evil).params).toEqual({ id: evil });
    expect(cypher.getRing(evil, evil2).params).toEqual({ run: evil, key: JSON.stringify([evil, evil2]) });
    expect(cypher.getAccounts(evil, [evil2]).params).toEqual({ run: evil, ids: [evil2] });
  });

  it('limits are Neo4j integers (Cypher rejects a float LIMIT); absent filters are null', () => {
    const query = cypher.listRings({ run: 'r', limit: 25 });
    expect(neo4j.isInt(query.params.limit)).toBe(true);
    expect(String(query.params.limit)).toBe('25');
    expect(query.params).toMatchObject({ minScore: -1, status: null, afterScore: null, afterId: null });
    expect(neo4j.isInt(cypher.listMembers('r', 'g', null, 3).params.limit)).toBe(true);
    expect(cypher.exportRings('r', undefined).params).toEqual({ run: 'r' });
  });

  it('ring keys are unambiguous whatever the ids hold', () => {
    expect(cypher.ringKey('a|b', 'c')).not.toBe(cypher.ringKey('a', 'b|c'));
    expect(cypher.ringKey('a","b', 'c')).not.toBe(cypher.ringKey('a', 'b","c'));
  });

  it('the schema is idempotent and puts a uniqueness constraint on every id', () => {
    for (const statement of cypher.SCHEMA_STATEMENTS) expect(statement).toMatch(/^(CREATE (CONSTRAINT|INDEX) \w+ IF NOT EXISTS FOR |DROP INDEX \w+ IF EXISTS$)/);
    const unique = cypher.SCHEMA_STATEMENTS.filter((statement) => statement.includes('IS UNIQUE')).join('\n');
    for (const [label, property] of [['Account', 'id'], ['Entity', 'id'], ['Run', 'id'], ['Ring', 'key'], ['DissolvedRing', 'key'], ['Pointer', 'name'], ['Run', 'seq']]) {
      expect(unique).toMatch(new RegExp(`\\(\\w:${label}\\) REQUIRE \\w\\.${property} IS UNIQUE`));
    }
  });
});
