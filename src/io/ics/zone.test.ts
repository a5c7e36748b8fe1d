import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ianaOffsetMs, ianaZone, namedZone, wallToUtc } from './zone.js';

const H = 3_600_000;
const berlin = (u: number) => ianaOffsetMs('Europe/Berlin', u);

describe('wall time ↔ UTC with Intl', () => {
  it('gives Berlin +1 h in winter and +2 h in summer around the 2027-03-28 change', () => {
    expect(berlin(Date.UTC(2027, 2, 27, 12))).toBe(H);
    expect(berlin(Date.UTC(2027, 2, 28, 12))).toBe(2 * H);
  });

  it('converts 10:00 Berlin to 09:00Z before the change and 08:00Z after', () => {
    expect(wallToUtc(Date.UTC(2027, 2, 22, 10), berlin)).toBe(Date.UTC(2027, 2, 22, 9));
    expect(wallToUtc(Date.UTC(2027, 2, 29, 10), berlin)).toBe(Date.UTC(2027, 2, 29, 8));
  });

  it('reads a wall time in the spring gap with the offset before it (RFC 5545: 02:30 → 03:30 CEST)', () => {
    expect(wallToUtc(Date.UTC(2027, 2, 28, 2, 30), berlin)).toBe(Date.UTC(2027, 2, 28, 1, 30));
  });

  it('reads a repeated wall time in the autumn fold as the first of the two', () => {
    // 2027-10-31 02:30 Berlin happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(wallToUtc(Date.UTC(2027, 9, 31, 2, 30), berlin)).toBe(Date.UTC(2027, 9, 31, 0, 30));
  });

  it('round-trips every instant through local time (property, New York across 2027)', () => {
    const ny = ianaZone('America/New_York');
    if (!ny) throw new Error('Intl lacks America/New_York');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2028, 0, 1) }), (u) => {
        const local = ny.toLocal(u);
        // In the fold the first reading wins, so the round trip may land one hour earlier; never anywhere else.
        const back = ny.toUtc(local);
        expect(back === u || back === u - H).toBe(true);
        expect(ny.toLocal(back)).toBe(local);
      }),
    );
  });
});

describe('zone names as calendars write them', () => {
  it('maps Windows names to IANA zones', () => {
    const z = namedZone('W. Europe Standard Time');
    expect(z?.name).toBe('W. Europe Standard Time');
    expect(z?.toUtc(Date.UTC(2027, 2, 29, 10))).toBe(Date.UTC(2027, 2, 29, 8));
    expect(namedZone('Eastern Standard Time')?.toUtc(Date.UTC(2027, 0, 4, 9))).toBe(Date.UTC(2027, 0, 4, 14));
  });

  it('finds the IANA name behind a vendor prefix', () => {
    expect(namedZone('/mozilla.org/20050126_1/America/New_York')?.toUtc(Date.UTC(2027, 6, 1, 9))).toBe(Date.UTC(2027, 6, 1, 13));
  });

  it('knows nothing of made-up names', () => {
    expect(namedZone('Mars Standard Time')).toBeUndefined();
    expect(namedZone('Europe/Atlantis')).toBeUndefined();
  });
});
