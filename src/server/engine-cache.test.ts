/** EngineCache: a key per program version, snapshots, engine, parameters (in any order) and status date; LRU by size. */
import { describe, expect, it } from 'vitest';
import { EngineCache } from './engine-cache.js';

describe('EngineCache', () => {
  it('keys by everything an engine result depends on, and not by parameter order', () => {
    const k = (version: number, snaps: string[], params: Record<string, unknown>, today = '2026-11-25', engine = 'brief') => EngineCache.key('p', version, snaps, engine, params, today);
    expect(k(1, [], { a: '1', b: '2' })).toBe(k(1, [], { b: '2', a: '1' }));
    const base = k(1, [], { a: '1' });
    for (const other of [k(2, [], { a: '1' }), k(1, ['s1'], { a: '1' }), k(1, [], { a: '2' }), k(1, [], { a: '1' }, '2026-11-26'), k(1, [], { a: '1' }, '2026-11-25', 'forecast'), k(1, [], { a: ['1'] })]) {
      expect(other).not.toBe(base);
    }
  });

  it('returns what was stored and forgets the least recently used entries past its size', () => {
    const cache = new EngineCache(10);
    cache.set('a', '1234');
    cache.set('b', '5678');
    expect(cache.get('a')).toBe('1234'); // a is now the most recent
    cache.set('c', '90');
    expect(cache.size).toBe(3);
    cache.set('d', '123'); // 13 chars: the least recent (b) goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('1234');
    expect(cache.get('d')).toBe('123');
    cache.set('huge', '12345678901'); // larger than the whole cache: not kept, nothing evicted
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(3);
    cache.set('a', 'xy'); // replacing counts the new size only
    expect(cache.get('a')).toBe('xy');
  });
});
