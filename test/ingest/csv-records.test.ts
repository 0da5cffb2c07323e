// CsvRecordAssembler: RFC 4180 quoting across physical lines, with line numbers and one-line errors.
import { describe, expect, it } from 'vitest';
import { CsvRecordAssembler } from '../../src/ingest/csv-records.js';

function parse(text: string): { records: [number, string[]][]; invalid: [number, string][] } {
  const records: [number, string[]][] = [];
  const invalid: [number, string][] = [];
  const assembler = new CsvRecordAssembler({
    record: (fields, lineNo) => records.push([lineNo, fields]),
    invalid: (reason, lineNo) => invalid.push([lineNo, reason]),
  });
  text.split('\n').forEach((line, i) => assembler.line(line, i + 1));
  assembler.end();
  return { records, invalid };
}

describe('CsvRecordAssembler', () => {
  it('splits plain rows on commas, keeping empty fields, and skips blank lines', () => {
    expect(parse('a,b,c\n\n1,,3\n,,').records).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['1', '', '3']],
      [4, ['', '', '']],
    ]);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parse('"1 Main St, Springfield","say ""hi""",x,""').records).toEqual([[1, ['1 Main St, Springfield', 'say "hi"', 'x', '']]]);
  });

  it('joins a quoted field that spans lines and numbers the record by its first line', () => {
    const { records } = parse('h1,h2\nx,"line one\n\nline three"\ny,z');
    expect(records).toEqual([
      [1, ['h1', 'h2']],
      [2, ['x', 'line one\n\nline three']],
      [5, ['y', 'z']],
    ]);
  });

  it('takes a quote inside an unquoted field literally', () => {
    expect(parse('5" screen,x').records).toEqual([[1, ['5" screen', 'x']]]);
  });

  it('rejects text after a closing quote and resumes on the next line', () => {
    const { records, invalid } = parse('a,"b"c\nd,e');
    expect(invalid).toEqual([[1, 'field 2: text after the closing quote']]);
    expect(records).toEqual([[2, ['d', 'e']]]);
  });

  it('rejects a quote left open at the end of input', () => {
    const { records, invalid } = parse('a,b\nc,"open\nmore');
    expect(records).toEqual([[1, ['a', 'b']]]);
    expect(invalid).toEqual([[2, 'unterminated quoted field']]);
  });
});
