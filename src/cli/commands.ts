// The list of CLI commands; each module exports one register function.
import type { Command } from 'commander';
import { registerCompareCommand } from './compare-command.js';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerExportCommand } from './export-command.js';
import { registerGenerateCommand } from './generate-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerMonitorCommand } from './monitor-command.js';
import { registerReportCommand } from './report-command.js';
import { registerReviewSampleCommand } from './review-sample-command.js';
import { registerRingCommands } from './ring-command.js';
import { registerRunCommand } from './run-command.js';
import { registerRunsCommand } from './runs-command.js';
import { registerServeCommand } from './serve-command.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerGenerateCommand, registerRunCommand, registerRingCommands, registerEvaluateCommand, registerCompareCommand, registerReviewSampleCommand, registerMonitorCommand, registerReportCommand, registerServeCommand, registerKeysCommand, registerRunsCommand, registerExportCommand];
