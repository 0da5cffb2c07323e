#!/usr/bin/env node
// Waits until Neo4j at NEO4J_URI accepts NEO4J_USER/NEO4J_PASSWORD, or gives up after SECONDS (default 180): exit 1.
import neo4j from 'neo4j-driver';

const seconds = Number(process.argv[2] ?? 180);
const uri = process.env.NEO4J_URI;
if (!uri) {
  console.error('wait-for-bolt: NEO4J_URI is not set');
  process.exit(1);
}
const started = Date.now();
let last = '';
let answered = false;
while (!answered && Date.now() - started < seconds * 1000) {
  const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER || 'neo4j', process.env.NEO4J_PASSWORD ?? ''), { connectionTimeout: 2000 });
  try {
    await driver.executeQuery('RETURN 1');
    answered = true;
  } catch (error) {
    last = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  } finally {
    await driver.close();
  }
  if (!answered) await new Promise((wait) => setTimeout(wait, 1000));
}
if (answered) {
  console.log(`wait-for-bolt: ${uri} answered after ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.error(`wait-for-bolt: no answer from ${uri} within ${seconds} s (last error: ${last})`);
  process.exitCode = 1;
}
