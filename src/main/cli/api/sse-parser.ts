/** One Server-Sent Events message: its `event` name and its `data` (lines joined), or a comment. */
export type SseItem = { kind: 'event'; event: string; data: string } | { kind: 'comment'; text: string };

/**
 * Incremental parser for the subset of Server-Sent Events that serve mode writes (see server/sse.ts):
 * `event:` / `data:` fields and `:` comments, messages ended by a blank line, LF or CRLF.
 */
export class SseParser {
  private buffer = '';
  private event = 'message';
  private data: string[] = [];

  push(chunk: string): SseItem[] {
    this.buffer += chunk;
    const out: SseItem[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.data.length > 0) out.push({ kind: 'event', event: this.event, data: this.data.join('\n') });
        this.event = 'message';
        this.data = [];
      } else if (line.startsWith(':')) {
        out.push({ kind: 'comment', text: line.slice(1).trim() });
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') this.event = value;
        else if (field === 'data') this.data.push(value);
      }
    }
    return out;
  }
}
