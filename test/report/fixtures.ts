/** Seeded plot data for the figure tests (shapes as the estimators' plotData() would give them). */
import { Rng } from '../../src/stats/rng.js';
import type { ScmPathPoint } from '../../src/report/figures/scm.js';
import type { PlaceboGapRow } from '../../src/report/figures/placebo.js';
import type { PValueRow } from '../../src/report/figures/pvalues.js';
import type { EventStudyRow } from '../../src/report/figures/event-study.js';
import type { BaconRow } from '../../src/report/figures/bacon.js';
import type { PscoreRow } from '../../src/report/figures/common-support.js';
import type { ZoneMapRow } from '../../src/report/figures/zone-map.js';

export const scmPath: ScmPathPoint[] = Array.from({ length: 14 }, (_, i) => ({
  time: 2010 + i,
  treated: 100 + 5 * i + (i >= 6 ? 8 + 0.5 * (i - 6) : 0),
  synthetic: 100 + 5 * i + 0.8 * Math.sin(i),
}));

/** 12 placebo units + the treated one, 14 years each. */
export function placeboRows(): PlaceboGapRow[] {
  const r = new Rng(11);
  const out: PlaceboGapRow[] = [];
  for (let u = 0; u < 13; u++) {
    for (let t = 0; t < 14; t++) out.push({ unit: u === 0 ? 'Foshan' : `donor${u}`, time: 2010 + t, gap: (u === 0 && t >= 6 ? 8 : 0) + 1.5 * r.normal(), treated: u === 0 });
  }
  return out;
}

export const pValues: PValueRow[] = Array.from({ length: 8 }, (_, i) => ({ time: 2016 + i, p_value: [0.04, 0.08, 0.02, 0.12, 0.04, 0.0, 0.3, 0.06][i]! }));

/** Two estimators, event times -5..5 with -1 omitted. */
export function eventRows(): EventStudyRow[] {
  const out: EventStudyRow[] = [];
  for (const est of ['TWFE', 'Callaway-Sant\'Anna']) {
    for (let k = -5; k <= 5; k++) {
      if (k === -1) continue;
      const b = k >= 0 ? 0.1 + 0.02 * k : 0.01 * k;
      out.push({ rel_time: k, estimate: b + (est === 'TWFE' ? -0.02 : 0), conf_low: b - 0.05, conf_high: b + 0.05, estimator: est });
    }
  }
  return out;
}

export function permutationDraws(n = 500): Float64Array {
  const r = new Rng(3);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = 0.02 * r.normal();
  return d;
}

export const baconRows: BaconRow[] = [
  { type: 'Treated vs never treated', estimate: 0.12, weight: 0.35, treated: 2016, control: 'never' },
  { type: 'Treated vs never treated', estimate: 0.09, weight: 0.25, treated: 2018, control: 'never' },
  { type: 'Earlier vs later treated', estimate: 0.1, weight: 0.15, treated: 2016, control: 2018 },
  { type: 'Later vs earlier treated', estimate: -0.05, weight: 0.1, treated: 2018, control: 2016 },
  { type: 'Earlier vs later treated', estimate: 0.08, weight: 0.08, treated: 2016, control: 2019 },
  { type: 'Later vs earlier treated', estimate: -0.02, weight: 0.07, treated: 2019, control: 2016 },
];

export function pscores(): PscoreRow[] {
  const r = new Rng(5);
  const out: PscoreRow[] = [];
  for (let i = 0; i < 300; i++) {
    const treated = i < 80;
    const z = (treated ? 0.8 : -0.6) + r.normal();
    out.push({ pscore: 1 / (1 + Math.exp(-z)), treated });
  }
  return out;
}

/** 60 pseudo-cities inside China's bounding box, 25 of them zones in batches 1-7. */
export function mapRows(): ZoneMapRow[] {
  const r = new Rng(9);
  return Array.from({ length: 60 }, (_, i) => ({
    city: i === 0 ? '杭州' : `city${i}`,
    lon: 100 + 22 * r.uniform(),
    lat: 20 + 22 * r.uniform(),
    batch: i < 25 ? 1 + (i % 7) : null,
  }));
}
