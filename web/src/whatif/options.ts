/** The schedule options of every what-if in the web, the same as the CLI's and the server's. */
import type { WhatIfOptions } from '../../../src/engine/strategy/whatif.js';

/** `vantage whatif` without flags (and POST /api/programs/{id}/whatif without parameters): level auto, seed 1, no forecast. */
export function whatIfOptions(today: string): WhatIfOptions {
  return { today, level: 'auto', seed: 1, forecastTrials: 0, forecastSeed: 1 };
}
