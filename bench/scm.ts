/**
 * Synthetic control benchmarks beside the peers' times (../shared/validation/scm-prop99 and scm-foshan-like):
 * Prop 99 fit and all 38 placebos (R Synth 7.6 s and 561 s), SDID with its 200-replication placebo SE
 * (synthdid 102 s), and the Foshan-like design (1 treated, 280 donors, 11 predictors, 5 pre-periods; Synth
 * fails there and its placebos extrapolate to 4-8 hours).
 * Usage: npm run bench -- scm [--threads N] [--quick] [--iterative]   (--iterative adds seed 000's Table 2 at full size)
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numericColumn, Table } from '../src/data/table.js';
import { readTable } from '../src/data/read/index.js';
import { synth, synthInference } from '../src/estimators/scm/synth.js';
import { sdid } from '../src/estimators/scm/sdid.js';
import { FOSHAN_PREDICTORS, foshanLikePanel } from '../src/estimators/scm/simulate.js';
import { peerJson, printTable, timeIt, type BenchRow } from './report.js';

const PRED = ['lnincome@1980-1988', 'retprice@1980-1988', 'age15to24@1980-1988', 'beer@1984-1988', 'cigsale@1975', 'cigsale@1980', 'cigsale@1988'];

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export async function run(args: string[]): Promise<void> {
  const ti = args.indexOf('--threads');
  const threads = ti >= 0 ? Number(args[ti + 1]) : undefined;
  const quick = args.includes('--quick');
  const reps = quick ? 1 : 3;
  const exp = peerJson('scm-prop99', 'expected.json');
  const expSdid = peerJson('scm-prop99', 'expected-sdid.json');
  const fos = peerJson('scm-foshan-like', 'timings.json');
  const rows: BenchRow[] = [];
  let table: Table | undefined;
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(resolve(d, 'package.json')); i++) d = dirname(d);
  const dataPath = resolve(d, '..', 'shared', 'validation', 'scm-prop99', 'data.csv');
  if (existsSync(dataPath)) table = await readTable(dataPath);
  const inf = threads !== undefined ? { threads } : {};
  if (table) {
    const opts = { unit: 'state', time: 'year', outcome: 'cigsale', treated: 'California', treatTime: 1989, predictors: PRED, optimize: [1970, 1988] as [number, number] };
    const fit = await timeIt(() => synth(table!, opts), reps);
    const r = synth(table, opts);
    rows.push({ case: 'Prop 99 synth fit (V search, 2 starts)', ours_s: fit.median, peer: 'R Synth 1.1-8', peer_s: exp?.timing?.main_fit_seconds ?? 7.644, note: `loss ${r.fit.lossV.toFixed(4)} vs Synth ${exp?.fit?.loss_v_mspe?.toFixed(4) ?? '3.2091'}` });
    let rank = 0;
    const all = await timeIt(async () => {
      const x = await synthInference(synth(table!, opts), inf);
      rank = x.placebo!.rank;
    }, reps);
    rows.push({ case: 'Prop 99 fit + 38 placebos', ours_s: all.median, peer: 'R Synth (fit + placebos)', peer_s: round3((exp?.timing?.main_fit_seconds ?? 7.644) + (exp?.timing?.all_38_placebo_fits_seconds ?? 560.988)), note: `rank ${rank}/39; goal < 5.7 s` });
    const st = table.column('state');
    const yr = table.numeric('year');
    const dcol = new Float64Array(table.nrows);
    for (let i = 0; i < table.nrows; i++) dcol[i] = st.kind === 'string' && st.levels[st.codes[i]!] === 'California' && yr[i]! >= 1989 ? 1 : 0;
    const td = table.withColumn(numericColumn('treated', dcol));
    let se = 0;
    const sd = await timeIt(async () => {
      se = (await sdid(td, { unit: 'state', time: 'year', outcome: 'cigsale', treatment: 'treated', ...inf })).stdError;
    }, reps);
    rows.push({ case: 'Prop 99 SDID + placebo SE (200 reps)', ours_s: sd.median, peer: 'synthdid 0.0.9', peer_s: round3(expSdid ? expSdid.timing.sdid.estimate_seconds + expSdid.timing.sdid.placebo_se_seconds_one_seed : 103.254), note: `SE ${se.toFixed(2)}; goal < 10 s` });
  } else console.log('scm-prop99 data not found: Prop 99 rows skipped');
  const f = foshanLikePanel();
  const fo = { unit: 'city', time: 'year', outcome: 'y', treated: 'city001', treatTime: 2019, predictors: FOSHAN_PREDICTORS.map((p) => `${p}@2014-2018`) };
  const ff = await timeIt(() => synth(f, fo), reps);
  rows.push({ case: 'Foshan-like fit (280 donors, 11 predictors)', ours_s: ff.median, peer: 'R Synth (failed: ipop singular)', peer_s: fos?.synth_foshan_like?.main_fit?.wall_s ?? 22.515, note: 'Synth time-to-error' });
  let failed = 0;
  let frank = 0;
  const fp = await timeIt(async () => {
    const x = await synthInference(synth(f, fo), inf);
    failed = x.placebo!.warnings.length;
    frank = x.placebo!.rank;
  }, 1, false);
  rows.push({ case: 'Foshan-like fit + 280 placebos', ours_s: fp.median, peer: 'R Synth (extrapolated)', peer_s: fos?.synth_foshan_like?.placebo_sample?.extrapolated_all_280_placebos_s_from_mean ?? 22201.592, note: `${280 - failed}/280 placebos fit, rank ${frank}/281; goal < 60 s` });
  if (args.includes('--iterative')) {
    // Seed 000's Table 2 at its own size: base fit + 3 rounds of dropping weighted donors, placebos each round.
    let table2 = '';
    const it = await timeIt(async () => {
      const x = await synthInference(synth(f, fo), { ...inf, iterations: 3 });
      table2 = x.iterative!.map((r) => `it${r.iteration}: RMSPE ${r.rmspePre.toFixed(3)}, p ${r.pValuesByTime.map((p) => p.pValue.toFixed(2)).join('/')}`).join('; ');
    }, 1, false);
    rows.push({ case: 'Foshan-like iterative test (Table 2, 3 rounds)', ours_s: it.median, peer: 'R Synth (extrapolated, 4 x 280 fits)', peer_s: round3(4 * (fos?.synth_foshan_like?.placebo_sample?.extrapolated_all_280_placebos_s_from_mean ?? 22201.592)), note: table2 });
  }
  printTable(`synthetic control (threads: ${threads ?? 'all cores'})`, rows);
}
