#!/usr/bin/env node
// `npm run neo4j`: builds the launcher with Maven on first use (Neo4j Community from Maven Central), then serves
// Bolt on 127.0.0.1 until Ctrl-C. `--build-only` just builds. Plain JavaScript so it runs before `npm run build`.
//   NEO4J_PORT (7687), NEO4J_PASSWORD (ringscan-local), NEO4J_DATA_DIR (.neo4j in the checkout),
//   NEO4J_HEAP (2g), NEO4J_PAGECACHE_MIB (512), NEO4J_GDS=1 (with the Graph Data Science library, for bench:gds).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '..');
const lib = join(here, 'target', 'lib');
const classes = join(here, 'target', 'classes');
const launcherClass = join(classes, 'ringscan', 'neo4j', 'Launcher.class');
const withGds = process.env.NEO4J_GDS === '1';
const gdsPlugins = join(here, 'target', 'gds-plugins');

function fail(message) {
  console.error(`neo4j: ${message}`);
  process.exit(1);
}

function has(command) {
  return spawnSync(command, ['-version'], { stdio: 'ignore' }).error === undefined;
}

/** Built when the class and the jars exist and are newer than the pom and the source. */
function isBuilt() {
  if (!existsSync(launcherClass) || !existsSync(lib) || readdirSync(lib).length === 0) return false;
  if (withGds && (!existsSync(gdsPlugins) || readdirSync(gdsPlugins).length === 0)) return false;
  const builtAt = statSync(launcherClass).mtimeMs;
  const sources = [join(here, 'pom.xml'), join(here, 'src', 'main', 'java', 'ringscan', 'neo4j', 'Launcher.java')];
  return sources.every((file) => statSync(file).mtimeMs <= builtAt);
}

function build() {
  if (isBuilt()) return;
  if (!has('mvn')) fail('Maven is not installed (Debian: apt-get install maven openjdk-17-jdk-headless)');
  console.error('neo4j: building the launcher (the first build fetches Neo4j from Maven Central) …');
  const started = Date.now();
  const result = spawnSync('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', join(here, 'pom.xml'), ...(withGds ? ['-P', 'gds'] : []), 'package', '-DskipTests'], { stdio: 'inherit' });
  if (result.status !== 0) fail(`mvn package failed (exit ${result.status ?? result.signal})`);
  console.error(`neo4j: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--build-only');
if (unknown.length > 0) fail(`unknown argument ${unknown[0]} (the only one is --build-only; settings come from NEO4J_* variables)`);
if (!has('java')) fail('Java is not installed (Debian: apt-get install openjdk-17-jdk-headless maven)');
build();
if (args.includes('--build-only')) process.exit(0);

const port = process.env.NEO4J_PORT || '7687';
const password = process.env.NEO4J_PASSWORD || 'ringscan-local';
const dataDir = resolve(process.env.NEO4J_DATA_DIR || join(root, '.neo4j'));
if (!/^\d+$/.test(port)) fail(`NEO4J_PORT must be a port number, not '${port}'`);
if (password.length < 8) fail('NEO4J_PASSWORD must have at least 8 characters (Neo4j refuses shorter ones)');
mkdirSync(dataDir, { recursive: true });

console.log(`NEO4J_URI=neo4j://127.0.0.1:${port}`);
console.log('NEO4J_USER=neo4j');
console.log(`NEO4J_PASSWORD=${password}${process.env.NEO4J_PASSWORD ? '' : ' (the default; set NEO4J_PASSWORD to choose one)'}`);
console.log(`data: ${dataDir}`);

// A `-P gds` build leaves the GDS jars in target/lib too; without NEO4J_GDS they stay off the classpath, so its
// extension does not start without its procedures.
const gdsJars = existsSync(gdsPlugins) ? new Set(readdirSync(gdsPlugins)) : new Set();
const classpath = withGds || gdsJars.size === 0 ? [classes, join(lib, '*')] : [classes, ...readdirSync(lib).filter((name) => name.endsWith('.jar') && !gdsJars.has(name)).map((name) => join(lib, name))];

const java = spawn(
  'java',
  [
    // 1g was too small for a 1M-account run: young collections took ~100 ms each, and deleting it hit the transaction memory cap.
    `-Xmx${process.env.NEO4J_HEAP || '2g'}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-cp',
    classpath.join(delimiter),
    'ringscan.neo4j.Launcher',
    dataDir,
    port,
    password,
    process.env.NEO4J_PAGECACHE_MIB || '512',
    ...(withGds ? [gdsPlugins] : []),
  ],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => java.kill(signal));
java.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
