/** The SSE parser the live updates read the fetch stream with, and the backoff and wording of live notices. */
import { describe, expect, it } from 'vitest';
import { backoffMs, describeChange } from '../../web/src/live/change.js';
import { sseParser, type SseEvent } from '../../web/src/live/sse.js';

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = sseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  return out;
}

const STREAM = 'event: ready\ndata: {"programId":"a","version":3}\nid: 0\n\n: heartbeat\n\nevent: change\ndata: {"entryId":"PAY-2"}\nid: 1\n\n';

describe('sseParser', () => {
  it('reads whole events, skipping heartbeat comments', () => {
    expect(parse([STREAM])).toEqual([
      { event: 'ready', data: '{"programId":"a","version":3}', id: '0' },
      { event: 'change', data: '{"entryId":"PAY-2"}', id: '1' },
    ]);
  });

  it('gives the same events however the text is cut into chunks (mid-line, mid-field, one character at a time)', () => {
    const whole = parse([STREAM]);
    for (let cut = 1; cut < STREAM.length; cut++) expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(whole);
    expect(parse([...STREAM])).toEqual(whole);
  });

  it('joins multi-line data with newlines, accepts CRLF and CR line ends (also split between chunks), and names unnamed events message', () => {
    expect(parse(['data: first\r\ndata: second\r', '\n\r\n'])).toEqual([{ event: 'message', data: 'first\nsecond', id: '' }]);
    expect(parse(['data:no space\rdata:  two spaces\r\r'])).toEqual([{ event: 'message', data: 'no space\n two spaces', id: '' }]);
  });

  it('does not dispatch an event without data or before its blank line; the last id carries over', () => {
    expect(parse(['event: change\nid: 7\n\n'])).toEqual([]);
    expect(parse(['id: 7\n\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x', id: '7' }]);
    expect(parse(['data: pending\n'])).toEqual([]);
  });
});

describe('live helpers', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
  it('words a change for the notice', () => {
    expect(describeChange({ programId: 'a', section: 'items', entryId: 'PAY-2', action: 'update', version: 4, actor: 'bo' })).toBe('PAY-2 changed by bo');
    expect(describeChange({ programId: 'a', section: 'risks', entryId: 'R9', action: 'create', version: 5 })).toBe('R9 added');
    expect(describeChange({ programId: 'a', section: 'program', entryId: null, action: 'replace', version: 6, actor: 'ana' })).toBe('The program replaced by ana');
  });
});
