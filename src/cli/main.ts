#!/usr/bin/env node
// The ringscan binary: parse arguments, dispatch to one command module, translate errors to exit codes.
import { Command, CommanderError } from 'commander';
import { exitCodeOf, messageOf } from './cli-errors.js';
import { codeVersion } from './code-version.js';
import { COMMANDS } from './commands.js';
import { relaunchWithHeap, shouldRelaunch } from './heap-launcher.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('ringscan')
    .description('Find coordinated rings of accounts from shared identifiers and synchronized behaviour.')
    .version(codeVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (help, version or the usage error)
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`ringscan: ${messageOf(error)}\n`);
    return exitCodeOf(error);
  }
}

// `ringscan export | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);
// the heavy commands re-run themselves with a heap sized to the machine (see heap-launcher.ts)
(shouldRelaunch(argv) ? relaunchWithHeap(process.argv[1]!, argv) : main(argv)).then((code) => {
  process.exitCode = code;
});
