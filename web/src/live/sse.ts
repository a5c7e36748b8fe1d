/**
 * A server-sent events parser for a fetch body (EventSource cannot send the Authorization header): text arrives in
 * chunks cut anywhere, and events come out whole, as the HTML standard's event-stream format reads them. Pure: no DOM.
 */

/** One event: its type (`message` when unnamed), its data (data lines joined by "\n") and its last id. */
export type SseEvent = { event: string; data: string; id: string };

/**
 * A parser: `push(chunk)` feeds text and calls `onEvent` for each complete event. Lines end with LF, CRLF or CR;
 * `:` lines are comments (heartbeats) and are skipped; an event without data is not dispatched.
 * Example: `const p = sseParser((e) => console.log(e.event)); p.push('event: ready\ndata: {}\n\n')`.
 */
export function sseParser(onEvent: (event: SseEvent) => void): { push(chunk: string): void } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let lastId = '';
  let skipLf = false; // a CR ended the previous chunk: a LF opening this one belongs to it

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), id: lastId });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
  };

  return {
    push(chunk) {
      if (skipLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLf = false;
      buffer += chunk;
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buffer);
        if (!m) break;
        // A CR at the very end may be the first half of a CRLF split across chunks.
        if (m[0] === '\r' && m.index === buffer.length - 1) {
          line(buffer.slice(0, m.index));
          buffer = '';
          skipLf = true;
          break;
        }
        line(buffer.slice(0, m.index));
        buffer = buffer.slice(m.index + m[0].length);
      }
    },
  };
}
