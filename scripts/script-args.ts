// Arguments of the npm scripts: `--help` prints the usage, and an unknown or malformed option is one line and the
// usage on stderr with exit code 2, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function parseScriptArgs<const C extends ParseArgsConfig>(usage: string, config: C): ReturnType<typeof parseArgs<C>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
}
