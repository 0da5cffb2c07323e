// A zod issue in plain words, from the schema's constraints only (never the received value, so the HTTP edge
// can use it too). The CLI and HTTP translators add the name of the flag, setting or field.
import type { core } from 'zod';

export interface DescribeOptions {
  /** What an invalid_format (regex) issue means where this schema is used. */
  formatHint?: string;
  /** What an unknown key is called here: a config 'setting', a body 'field' (default). */
  keyWord?: string;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** zod's own default texts; any other message was written by a schema's author, in plain words, and is kept. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized|Expected)\b/;

export function describeIssue(issue: core.$ZodIssue, options: DescribeOptions = {}): string {
  if (issue.code !== 'custom' && issue.message !== '' && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is missing';
      if (issue.expected === 'int') return 'must be an integer';
      return `must be ${article(issue.expected)}`;
    case 'too_big': {
      const bound = issue.inclusive === false ? 'less than' : 'at most';
      if (issue.origin === 'string') return `must be ${bound} ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must have ${bound} ${issue.maximum} items`;
      return `must be ${bound} ${issue.maximum}`;
    }
    case 'too_small': {
      const bound = issue.inclusive === false ? 'more than' : 'at least';
      if (issue.origin === 'string') return `must be ${bound} ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have ${bound} ${issue.minimum} items`;
      return `must be ${bound} ${issue.minimum}`;
    }
    case 'invalid_format':
      return options.formatHint ?? (issue.format === 'regex' ? 'is not in the expected format' : `must be ${article(issue.format)}`);
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? `an unknown ${options.keyWord ?? 'field'}` : `unknown ${options.keyWord ?? 'field'}s`}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'custom':
      // our own refinements, written in plain words
      return issue.message;
    default:
      return 'is invalid';
  }
}
