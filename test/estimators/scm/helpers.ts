/**
 * Test helpers for the SCM suite: a tiny CSV parser for the validation data (until the shared reader is
 * used), seeded factor-model panels with a planted effect.
 */
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { validationPath } from '../../helpers/validation.js';

/** Parses a simple comma-separated file (no quoted commas) into a Table; empty cells are missing. */
export function parseSimpleCsv(text: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => {
    const cells = l.split(',');
    const o: Record<string, string | null> = {};
    header.forEach((h, i) => (o[h] = cells[i] === undefined || cells[i] === '' ? null : cells[i]!));
    return o;
  });
  return Table.fromObjects(rows, header);
}

/** The scm-prop99 panel, or undefined when the validation folder is absent. */
export function prop99Table(): Table | undefined {
  const p = validationPath('scm-prop99', 'data.csv');
  if (!p) return undefined;
  try {
    return parseSimpleCsv(readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The Prop 99 options of the validation spec (ADH 2010). */
export const PROP99_OPTIONS = {
  unit: 'state',
  time: 'year',
  outcome: 'cigsale',
  treated: 'California',
  treatTime: 1989,
  predictors: ['lnincome@1980-1988', 'retprice@1980-1988', 'age15to24@1980-1988', 'beer@1984-1988', 'cigsale@1975', 'cigsale@1980', 'cigsale@1988'],
  optimize: [1970, 1988] as [number, number],
};

/** Predictor names of the spec, in V order (Synth's row names), matched to ours. */
export const PROP99_PREDICTOR_NAMES = ['lnincome', 'retprice', 'age15to24', 'special.beer.1984.1988', 'special.cigsale.1975', 'special.cigsale.1980', 'special.cigsale.1988'];

export interface FactorPanelOptions {
  nUnits: number;
  nPre: number;
  nPost: number;
  nFactors?: number;
  nCovariates?: number;
  effect?: number;
  noise?: number;
  seed: number;
  /** Draw the treated unit's loadings like every other unit's (no hull construction): units exchangeable. */
  exchangeable?: boolean;
}

/**
 * A seeded interactive-fixed-effects panel: y_it = 2 + 0.1 t + lambda_t' mu_i + noise, with covariates
 * x_k,it = a_k' mu_i + noise; unit 0 ("u000") is treated from period nPre on with a constant effect, and its
 * mu is a convex combination of three donors' (so it lies inside their hull).
 */
export function factorPanel(o: FactorPanelOptions): Table {
  const rng = new Rng(o.seed);
  const F = o.nFactors ?? 2;
  const K = o.nCovariates ?? 3;
  const T = o.nPre + o.nPost;
  const noise = o.noise ?? 0.1;
  const mu: number[][] = [];
  for (let i = 0; i < o.nUnits; i++) mu.push(Array.from({ length: F }, () => rng.normal()));
  const c = [rng.uniform() + 0.2, rng.uniform() + 0.2, rng.uniform() + 0.2];
  const cs = c[0]! + c[1]! + c[2]!;
  if (!o.exchangeable) mu[0] = mu[0]!.map((_, f) => (c[0]! * mu[1]![f]! + c[1]! * mu[2]![f]! + c[2]! * mu[3]![f]!) / cs);
  const lambda: number[][] = [];
  for (let t = 0; t < T; t++) lambda.push(Array.from({ length: F }, (_, f) => 1 + 0.3 * Math.sin(t + f) + 0.1 * rng.normal()));
  const a: number[][] = Array.from({ length: K }, () => Array.from({ length: F }, () => rng.normal()));
  const unit: string[] = [];
  const time: number[] = [];
  const y: number[] = [];
  const xs: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < o.nUnits; i++) {
    for (let t = 0; t < T; t++) {
      unit.push(`u${String(i).padStart(3, '0')}`);
      time.push(2000 + t);
      let v = 2 + 0.1 * t + noise * rng.normal();
      for (let f = 0; f < F; f++) v += lambda[t]![f]! * mu[i]![f]!;
      if (i === 0 && t >= o.nPre) v += o.effect ?? 0;
      y.push(v);
      for (let k = 0; k < K; k++) {
        let xv = 0.3 * noise * rng.normal();
        for (let f = 0; f < F; f++) xv += a[k]![f]! * mu[i]![f]!;
        xs[k]!.push(xv);
      }
    }
  }
  const cols: Record<string, number[] | string[]> = { unit, time, y };
  xs.forEach((x, k) => (cols[`x${k + 1}`] = x));
  return Table.fromColumns(cols);
}
