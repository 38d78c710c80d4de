/**
 * The shipped default embedded panel. It is regenerated deterministically from the published figures in
 * `data/city-stats.json` and the default seed on first use (about 0.1 s), then cached for the process:
 * regenerating is cheaper than shipping and parsing a 4,000-row file, and always agrees with the generator.
 */
import { generateCityPanel, type CityPanel } from './generate.js';

let cached: CityPanel | undefined;

/** The default embedded city panel (seed 20150307, 295 cities, 2010-2023, default planted effects). SIMULATED. */
export function loadCityPanel(): CityPanel {
  return (cached ??= generateCityPanel());
}
