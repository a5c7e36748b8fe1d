import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps', () => {
    expect(editDistance('estimte', 'estimate')).toBe(1);
    expect(editDistance('strat', 'start')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('stops early past the bound', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('didYouMean', () => {
  it('suggests the closest candidate within the typo budget', () => {
    expect(didYouMean('estimte', ['title', 'estimate', 'status'])).toBe('estimate');
    expect(didYouMean('UI-99', ['PAY-9', 'UI-9'])).toBe('UI-9');
    expect(didYouMean('Backend', ['backend'])).toBe('backend');
  });

  it('suggests nothing when nothing is close, and never the word itself or the excluded one', () => {
    expect(didYouMean('colour', ['id', 'title', 'estimate'])).toBeUndefined();
    expect(didYouMean('a', ['a'])).toBeUndefined();
    expect(didYouMean('D1', ['D2'], 'D2')).toBeUndefined();
  });
});
