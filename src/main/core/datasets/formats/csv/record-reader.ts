import fs from 'node:fs';
import Papa from 'papaparse';
import type { ProgressCallback } from '../../import/types';
import { csvError } from './csv-error';
import { sniffLayout, type CsvLayout, type SniffOptions } from './sniff';
import { invalidUtf8Error } from './utf8-error';

const READ_CHUNK_BYTES = 1 << 20;
/** Characters of decoded text to look at before deciding delimiter and header. */
const SNIFF_CHARS = 64 * 1024;
/** A row longer than this is an unterminated quote or not a CSV; without a cap it would buffer the whole file. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

/**
 * Streams a CSV file record by record: strict UTF-8 decoding (BOM dropped), layout sniffed from the
 * first 64 K characters, then papaparse's core parser over each chunk with the unfinished last row
 * carried over to the next (what papaparse's own streamers do, minus the per-row callback). Keeps
 * the physical line of every record knowable, so errors can point at it.
 */
export interface CsvReadOptions {
  delimiter?: string;
  /** true / false: the first row (after skipped lines) is / is not a header; default: detected. */
  header?: boolean;
  /** Lines to drop before the table starts (a title, a comment block); default: a metadata line is detected. */
  skipRows?: number;
}

export class CsvRecordReader {
  layout: CsvLayout | null = null;
  private linesBefore = 0;
  private batch: string[][] = [];
  private batchIndex = 0;

  constructor(
    private readonly file: string,
    private readonly opts: CsvReadOptions,
    private readonly onProgress: ProgressCallback,
  ) {}

  /** Calls onLayout once, then onRow for every data row (skipped lines, metadata line, header and blank lines left out). */
  async read(onLayout: (layout: CsvLayout) => void, onRow: (row: string[]) => void): Promise<void> {
    const total = (await fs.promises.stat(this.file)).size;
    if (total === 0) throw csvError(this.file, 'the file is empty');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let parser: Papa.Parser | null = null;
    let pending = '';
    let bytes = 0;
    let tail = new Uint8Array(0);
    let leadingRows = 0;
    let linesToSkip = this.opts.skipRows ?? 0;
    const sniffOptions: SniffOptions = { delimiter: this.opts.delimiter, header: this.opts.header, detectMetadata: this.opts.skipRows === undefined };
    const skipLines = (final: boolean) => {
      const skipped = skipLeadingLines(pending, linesToSkip, final);
      pending = pending.slice(skipped.chars);
      linesToSkip -= skipped.lines;
      this.linesBefore += skipped.lines;
      if (linesToSkip > 0 && pending.length > MAX_ROW_CHARS) throw csvError(this.file, `a line longer than ${MAX_ROW_CHARS / (1024 * 1024)} M characters`, this.linesBefore + 1);
    };
    const startParsing = (complete: boolean) => {
      if (linesToSkip > 0 || pending.trim() === '') {
        throw csvError(this.file, this.opts.skipRows ? `nothing left after skipping ${this.opts.skipRows} line(s)` : 'the file is empty');
      }
      const layout = sniffLayout(this.file, complete ? pending : pending.slice(0, lastLineBreak(pending) + 1), complete, sniffOptions);
      this.layout = layout;
      leadingRows = (layout.metadata ? 1 : 0) + (layout.hasHeader ? 1 : 0);
      onLayout(layout);
      return new Papa.Parser({ delimiter: layout.delimiter, newline: layout.newline });
    };
    const parse = (final: boolean) => {
      const result = parser!.parse(pending, 0, !final) as Papa.ParseResult<string[]>;
      this.batch = result.data;
      this.throwOnQuoteError(result.errors);
      const rows = result.data;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (row.length === 1 && row[0]!.trim() === '') continue;
        if (leadingRows > 0) {
          leadingRows--;
          continue;
        }
        this.batchIndex = i;
        onRow(row);
      }
      const consumed = final ? pending.length : result.meta.cursor;
      this.linesBefore += countLineBreaks(pending, consumed, this.layout!.newline);
      pending = pending.slice(consumed);
      if (pending.length > MAX_ROW_CHARS) throw csvError(this.file, `a row longer than ${MAX_ROW_CHARS / (1024 * 1024)} M characters (an unclosed quote?)`, this.linesBefore + 1);
    };

    for await (const chunk of fs.createReadStream(this.file, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      try {
        pending += decoder.decode(chunk, { stream: true });
      } catch {
        throw await invalidUtf8Error(this.file, bytes, tail, chunk);
      }
      bytes += chunk.length;
      tail = Uint8Array.from(chunk.subarray(-4));
      if (linesToSkip > 0) skipLines(false);
      if (parser === null && linesToSkip === 0 && pending.length >= SNIFF_CHARS && lastLineBreak(pending) >= 0) parser = startParsing(false);
      if (parser !== null) parse(false);
      else if (pending.length > MAX_ROW_CHARS) throw csvError(this.file, `the first line is longer than ${MAX_ROW_CHARS / (1024 * 1024)} M characters`, 1);
      this.onProgress({ phase: 'reading', done: bytes, total, unit: 'bytes' });
    }
    try {
      pending += decoder.decode();
    } catch {
      throw await invalidUtf8Error(this.file, bytes, tail, new Uint8Array(0));
    }
    if (linesToSkip > 0) skipLines(true);
    parser ??= startParsing(true);
    parse(true);
  }

  /** 1-based line where the row being handed to onRow starts (rows may span lines inside quotes). */
  currentLine(): number {
    let line = this.linesBefore + 1 + this.batchIndex;
    for (let i = 0; i < this.batchIndex; i++) {
      for (const field of this.batch[i]!) line += countLineBreaks(field, field.length, this.layout!.newline);
    }
    return line;
  }

  private throwOnQuoteError(errors: Papa.ParseError[]): void {
    // With the last row held back, papaparse may flag that unfinished row; it is parsed again next time.
    const error = errors.find((e) => e.code === 'MissingQuotes' || (e.row !== undefined && e.row < this.batch.length));
    if (error === undefined) return;
    this.batchIndex = error.row ?? this.batch.length;
    const reason = error.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'a closing quote is followed by text (write a quote inside a quoted field as "")';
    throw csvError(this.file, reason, this.currentLine());
  }
}

/**
 * Drops up to `count` whole lines from the start of `text`. A '\r' at the very end may be the first
 * half of '\r\n', so it waits for more text unless this is the end of the file.
 */
function skipLeadingLines(text: string, count: number, final: boolean): { chars: number; lines: number } {
  let at = 0;
  let lines = 0;
  while (lines < count) {
    const lf = text.indexOf('\n', at);
    const cr = text.indexOf('\r', at);
    const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
    if (end === -1) {
      if (final && at < text.length) return { chars: text.length, lines: lines + 1 };
      break;
    }
    if (end === cr && end === text.length - 1 && !final) break;
    at = end + (end === cr && text[end + 1] === '\n' ? 2 : 1);
    lines++;
  }
  return { chars: at, lines };
}

function lastLineBreak(text: string): number {
  return Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
}

function countLineBreaks(text: string, end: number, newline: string): number {
  const lineBreak = newline === '\r' ? '\r' : '\n';
  let count = 0;
  for (let at = text.indexOf(lineBreak); at !== -1 && at < end; at = text.indexOf(lineBreak, at + 1)) count++;
  return count;
}
