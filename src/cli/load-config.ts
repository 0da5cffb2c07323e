// Reads a detection config file (JSON, partial allowed) and applies command-line overrides.
import { readFile } from 'node:fs/promises';
import { ZodError } from 'zod';
import { describeIssue } from '../lib/describe-issue.js';
import { resolveConfig, type DetectionConfig } from '../schema/config.js';
import { RingscanError } from '../schema/errors.js';

export async function loadConfig(path: string | undefined, overrides: Record<string, unknown> = {}): Promise<DetectionConfig> {
  let fromFile: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new RingscanError('BAD_CONFIG', `cannot read config file ${path}`);
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new RingscanError('BAD_CONFIG', `config file ${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  try {
    return resolveConfig({ ...fromFile, ...defined });
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    // Settings keep their config-file names (they are what the user wrote in the file).
    const issue = error.issues[0]!;
    const setting = issue.path.map(String).join('.');
    const where = path ? `config file ${path}` : 'config';
    throw new RingscanError('BAD_USAGE', `${where}: ${setting === '' ? '' : `setting ${setting} `}${describeIssue(issue, { keyWord: 'setting' })}`);
  }
}
