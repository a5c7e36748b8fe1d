import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULES, ruleSettings } from './risk-rules.js';

describe('the risk-rule catalogue', () => {
  it('lists every rule id once, with kebab-case ids and documented thresholds', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const t of r.thresholds) expect(t.description.length).toBeGreaterThan(0);
    }
  });

  it('fills in defaults and keeps valid settings', () => {
    const s = ruleSettings({ 'scope-growth': { share: 0.25 }, 'ageing-wip': { enabled: false }, 'wide-estimate-on-critical-path': { ratio: 3 } });
    expect(s['scope-growth']).toEqual({ enabled: true, thresholds: { share: 0.25 } });
    expect(s['ageing-wip']).toEqual({ enabled: false, thresholds: { percentile: 0.85, minHistory: 5 } });
    expect(s['wide-estimate-on-critical-path'].thresholds.ratio).toBe(3);
    expect(s['single-person-critical-path']).toEqual({ enabled: true, thresholds: { share: 0.5 } });
    expect(s['commitment-at-risk'].thresholds.confidence).toBeUndefined();
  });

  it('falls back to the default for an invalid value (the loader reports it)', () => {
    const s = ruleSettings({ 'single-person-critical-path': { share: 60 }, 'critical-owner-away': { minDays: 1.5 } });
    expect(s['single-person-critical-path'].thresholds.share).toBe(0.5);
    expect(s['critical-owner-away'].thresholds.minDays).toBe(1);
    expect(ruleSettings(undefined)['scope-growth'].thresholds.share).toBe(0.1);
  });
});
