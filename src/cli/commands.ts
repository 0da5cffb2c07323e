// The list of CLI commands; each module exports one register function.
import type { Command } from 'commander';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerRunCommand } from './run-command.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerRunCommand, registerEvaluateCommand];
