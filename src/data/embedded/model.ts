/**
 * The documented model of the embedded city panel: which columns are published and which are simulated,
 * the national anchors that set the simulated levels, the elasticities on the published drivers, and the
 * default planted pilot-zone effects. docs/data.md explains each number; this file is the single source.
 *
 * The simulated magnitudes are calibrated to national totals of 2019 (or a year path where one is
 * published nationally): China Statistical Yearbook 2020 (fixed-asset investment, trade, budget, deposits
 * and loans, retail sales, students), the State Post Bureau statistical bulletins (express deliveries,
 * international / Hong Kong-Macao-Taiwan express), CNIPA (patent grants), MIIT (fixed broadband users),
 * MOFCOM (utilised FDI). Figures are rounded; they set magnitudes, not exact values.
 */

/** First and last year of the default panel. */
export const DEFAULT_YEARS = { from: 2010, to: 2023 } as const;

/** Seed of the shipped default panel (`loadCityPanel()`). */
export const DEFAULT_SEED = 20150307; // approval date of the first zone (Hangzhou)

/** Year whose national totals anchor the simulated levels. */
export const ANCHOR_YEAR = 2019;

/** National nominal GDP growth (log points) used to extend GDP beyond the published years: NBS 2022 (+5.3%), 2023 (+4.6%). */
export const NATIONAL_NOMINAL_GROWTH: Readonly<Record<number, number>> = { 2022: Math.log(1.053), 2023: Math.log(1.046) };
/** National real GDP growth (%) for years without published city growth: NBS 2022 3.0, 2023 5.2. */
export const NATIONAL_REAL_GROWTH: Readonly<Record<number, number>> = { 2022: 3.0, 2023: 5.2 };

/**
 * A simulated variable: log v = log k + path(t) + eY mean log GDP_i + eP mean log pop_i + eRank [rank >= 2]
 * + eCoast coastal + city effect + cycle + noise. The city's size enters through its mean over the published
 * years, not its yearly GDP, so untreated outcomes have parallel trends in expectation (docs/data.md).
 */
export interface SimVariable {
  readonly name: string;
  readonly unit: string;
  readonly label: string;
  /** National total in ANCHOR_YEAR, in `unit` (sets log k so that the panel's Y(0) total matches it, scaled by the panel's share of national GDP). */
  readonly anchor: number;
  /** Optional national path by year (same unit): the year effects follow it instead of `trend`. */
  readonly path?: Readonly<Record<number, number>>;
  /** Log-linear trend per year relative to GDP when there is no path. */
  readonly trend: number;
  readonly eY: number;
  readonly eP: number;
  readonly eRank: number;
  readonly eCoast: number;
  /** SD of the persistent city effect and its loading on the shared city factor (openness / dynamism). */
  readonly cityEffectSd: number;
  readonly cityFactorLoading: number;
  /** Loading on the city business cycle (AR(1), SD 0.05) and the SD of i.i.d. noise. */
  readonly cycleLoading: number;
  readonly noiseSd: number;
  /** Log shock in 2020 (COVID year). */
  readonly covid2020: number;
  /** Parallel trends hold per resident (v / pop), not in the total: v = per-capita value x resident population of the year. */
  readonly perCapita?: boolean;
}

const v = (o: SimVariable) => o;

/** Simulated variables (order = column order; at most 32, see cityRng). `industrial_output` is built separately from a production function. */
export const SIM_VARIABLES: readonly SimVariable[] = [
  v({ name: 'fixed_investment', unit: '100 million yuan', label: 'Fixed-asset investment', anchor: 551478, trend: -0.015, eY: 0.95, eP: 0.05, eRank: 0, eCoast: -0.05, cityEffectSd: 0.25, cityFactorLoading: 0.1, cycleLoading: 1.2, noiseSd: 0.05, covid2020: -0.03 }),
  v({ name: 'students', unit: '10,000 persons', label: 'Students in regular higher education institutions', anchor: 3031.5, trend: 0.02, eY: 0.6, eP: 0.5, eRank: 1.2, eCoast: 0, cityEffectSd: 0.6, cityFactorLoading: 0.2, cycleLoading: 0, noiseSd: 0.03, covid2020: 0 }),
  v({ name: 'budget_expenditure', unit: '100 million yuan', label: 'Local general public budget expenditure', anchor: 203743, trend: 0.005, eY: 0.7, eP: 0.3, eRank: 0.1, eCoast: 0, cityEffectSd: 0.2, cityFactorLoading: -0.1, cycleLoading: 0.3, noiseSd: 0.03, covid2020: 0.02 }),
  v({ name: 'edu_expenditure', unit: '100 million yuan', label: 'Education expenditure (local general budget)', anchor: 33000, trend: 0.005, eY: 0.6, eP: 0.4, eRank: 0.1, eCoast: 0, cityEffectSd: 0.15, cityFactorLoading: 0, cycleLoading: 0.2, noiseSd: 0.03, covid2020: 0 }),
  v({ name: 'sci_expenditure', unit: '100 million yuan', label: 'Science and technology expenditure (local general budget)', anchor: 7300, trend: 0.03, eY: 1.3, eP: -0.3, eRank: 0.3, eCoast: 0.1, cityEffectSd: 0.45, cityFactorLoading: 0.4, cycleLoading: 0.3, noiseSd: 0.06, covid2020: 0 }),
  v({ name: 'exports', unit: '100 million yuan', label: 'Exports (customs)', anchor: 172342, trend: -0.02, eY: 1.3, eP: -0.2, eRank: 0, eCoast: 1.0, cityEffectSd: 0.8, cityFactorLoading: 0.6, cycleLoading: 1.5, noiseSd: 0.08, covid2020: -0.02 }),
  v({ name: 'imports', unit: '100 million yuan', label: 'Imports (customs)', anchor: 143254, trend: -0.025, eY: 1.35, eP: -0.25, eRank: 0.2, eCoast: 1.0, cityEffectSd: 0.9, cityFactorLoading: 0.6, cycleLoading: 1.5, noiseSd: 0.1, covid2020: -0.03 }),
  v({ name: 'retail_sales', unit: '100 million yuan', label: 'Retail sales of consumer goods', anchor: 411649, trend: 0.0, eY: 0.9, eP: 0.1, eRank: 0.05, eCoast: 0, cityEffectSd: 0.15, cityFactorLoading: 0, cycleLoading: 0.5, noiseSd: 0.03, covid2020: -0.08 }),
  v({ name: 'fdi_used', unit: '100 million US dollars', label: 'Foreign direct investment actually utilised', anchor: 1381, trend: -0.03, eY: 1.3, eP: -0.3, eRank: 0.3, eCoast: 0.8, cityEffectSd: 0.9, cityFactorLoading: 0.5, cycleLoading: 1.0, noiseSd: 0.15, covid2020: -0.05 }),
  v({
    name: 'express_deliveries', unit: '10,000 items', label: 'Express deliveries (parcels handled)', anchor: 6352300,
    path: { 2010: 234000, 2011: 367000, 2012: 569000, 2013: 919000, 2014: 1396000, 2015: 2067000, 2016: 3128000, 2017: 4006000, 2018: 5071000, 2019: 6352300, 2020: 8336000, 2021: 10830000, 2022: 11058000, 2023: 13207000 },
    trend: 0, eY: 1.2, eP: -0.2, eRank: 0.2, eCoast: 0.3, cityEffectSd: 0.6, cityFactorLoading: 0.6, cycleLoading: 0.8, noiseSd: 0.06, covid2020: 0,
  }),
  v({
    name: 'intl_express', unit: '10,000 items', label: 'International / Hong Kong-Macao-Taiwan express deliveries', anchor: 144000,
    path: { 2010: 14000, 2011: 17000, 2012: 21000, 2013: 26000, 2014: 33000, 2015: 49000, 2016: 79000, 2017: 83000, 2018: 111000, 2019: 144000, 2020: 184000, 2021: 210000, 2022: 202000, 2023: 307000 },
    trend: 0, eY: 1.4, eP: -0.4, eRank: 0.3, eCoast: 0.9, cityEffectSd: 0.9, cityFactorLoading: 0.8, cycleLoading: 1.0, noiseSd: 0.1, covid2020: 0, perCapita: true,
  }),
  v({ name: 'patents', unit: 'items', label: 'Patents granted', anchor: 2470000, trend: 0.05, eY: 1.4, eP: -0.4, eRank: 0.3, eCoast: 0.2, cityEffectSd: 0.5, cityFactorLoading: 0.5, cycleLoading: 0.3, noiseSd: 0.08, covid2020: 0.05 }),
  v({ name: 'deposits', unit: '100 million yuan', label: 'Deposits of financial institutions (year end)', anchor: 1982000, trend: 0.01, eY: 1.15, eP: -0.15, eRank: 0.35, eCoast: 0, cityEffectSd: 0.25, cityFactorLoading: 0.2, cycleLoading: 0.2, noiseSd: 0.02, covid2020: 0.02 }),
  v({ name: 'loans', unit: '100 million yuan', label: 'Loans of financial institutions (year end)', anchor: 1530000, trend: 0.03, eY: 1.2, eP: -0.2, eRank: 0.45, eCoast: 0, cityEffectSd: 0.3, cityFactorLoading: 0.2, cycleLoading: 0.3, noiseSd: 0.02, covid2020: 0.03 }),
  v({ name: 'household_deposits', unit: '100 million yuan', label: 'Household savings deposits (year end)', anchor: 820000, trend: 0.02, eY: 0.8, eP: 0.2, eRank: 0.1, eCoast: 0, cityEffectSd: 0.15, cityFactorLoading: 0, cycleLoading: 0.1, noiseSd: 0.02, covid2020: 0.04 }),
  v({ name: 'rd_expenditure', unit: '100 million yuan', label: 'R&D expenditure (internal, all performers)', anchor: 22144, trend: 0.04, eY: 1.4, eP: -0.4, eRank: 0.3, eCoast: 0.2, cityEffectSd: 0.5, cityFactorLoading: 0.5, cycleLoading: 0.3, noiseSd: 0.05, covid2020: 0 }),
  v({ name: 'disposable_income', unit: '100 million yuan', label: 'Disposable income of residents (total; divide by pop_resident for per capita)', anchor: 430270, trend: 0.01, eY: 0.6, eP: 0.4, eRank: 0.05, eCoast: 0.05, cityEffectSd: 0.1, cityFactorLoading: 0.3, cycleLoading: 0.2, noiseSd: 0.01, covid2020: -0.02, perCapita: true }),
  v({ name: 'consumption_expenditure', unit: '100 million yuan', label: 'Consumption expenditure of residents (total; divide by pop_resident for per capita)', anchor: 301830, trend: 0.01, eY: 0.55, eP: 0.45, eRank: 0.05, eCoast: 0.05, cityEffectSd: 0.1, cityFactorLoading: 0.2, cycleLoading: 0.3, noiseSd: 0.015, covid2020: -0.05, perCapita: true }),
  v({ name: 'port_throughput', unit: '10,000 tonnes', label: 'Port cargo throughput', anchor: 1395100, trend: 0.0, eY: 0.8, eP: 0.2, eRank: 0, eCoast: 2.5, cityEffectSd: 1.5, cityFactorLoading: 0.3, cycleLoading: 0.8, noiseSd: 0.08, covid2020: -0.01 }),
  v({ name: 'broadband_users', unit: '10,000 subscribers', label: 'Fixed broadband internet subscribers', anchor: 44900, trend: 0.04, eY: 0.6, eP: 0.4, eRank: 0.05, eCoast: 0, cityEffectSd: 0.15, cityFactorLoading: 0.1, cycleLoading: 0, noiseSd: 0.03, covid2020: 0 }),
];

/**
 * Industrial output (规模以上工业总产值, 100 million yuan) from a Cobb-Douglas production function
 * Q = A K^alpha L^(1 - alpha), K = perpetual-inventory capital on `fixed_investment` by the seed-001 rule
 * (K_0 = I_0 / (g + delta), delta = 6%, g = mean log growth of I over the first five years), L = `employees`.
 * log A = city effect + common trend + cycle (+ the planted TFP effect). Anchor: national 2019 total.
 */
export const PRODUCTION = { alpha: 0.4, delta: 0.06, tfpTrend: 0.01, tfpCityEffectSd: 0.3, noiseSd: 0.03, anchor: 1058000 } as const;

/**
 * National urbanisation rate (% of residents living in urban areas), NBS, the series revised after the 7th
 * population census (China Statistical Yearbook 2021 onwards; 2021-2023 from the statistical bulletins).
 * The simulated `urbanisation_rate` is calibrated so that the resident-weighted mean of the default cities
 * follows it (outside 2010-2023 the path is extended by its mean logit change over the three end years).
 */
export const NATIONAL_URBANISATION: Readonly<Record<number, number>> = {
  2010: 49.95, 2011: 51.83, 2012: 53.1, 2013: 54.49, 2014: 55.75, 2015: 57.33, 2016: 58.84, 2017: 60.24, 2018: 61.5, 2019: 62.71, 2020: 63.89, 2021: 64.72, 2022: 65.22, 2023: 66.16,
};

/**
 * Urbanisation rate (seed 000's Table 1: urban residents / all residents, %). No city series is in the
 * published data (city-stats has neither urban population nor the rate), so it is SIMULATED, as a logit:
 *   logit(u_it / 100) = a_t + eGdpPc (mean log GDP per capita_i - median) + eInflow mean log(pop_resident / pop_registered)_i
 *                       + eRank [rank_i >= 2] + cityEffectSd (rho eta_i + sqrt(1 - rho^2) xi_i) + noiseSd e_it,
 * with a_t set so that the resident-weighted mean of the default cities equals NATIONAL_URBANISATION. The
 * published drivers (GDP per capita, resident over registered population: migrants live in cities) give the
 * cross-section; the common path gives the trend. No planted effect, no business cycle.
 */
export const URBANISATION = { eGdpPc: 0.9, eInflow: 1.0, eRank: 0.3, cityEffectSd: 0.25, cityFactorLoading: 0.3, noiseSd: 0.03 } as const;

/**
 * Marketisation index in the style of Fan Gang's NERI index (樊纲 王小鲁 朱恒鹏, provincial, scale about 0-12,
 * rising over time). SIMULATED (the index is provincial and not in the published data):
 *   m_it = regionLevel[r] + provinceEffectSd p_prov + eGdpPc (mean log GDP per capita_i - median) + eCoast coastal_i
 *          + cityEffectSd xi_i + trend (t - 2016) + noiseSd e_it, clamped to [0, 12].
 * Region levels are those of 2016 (east highest, west lowest, as in the NERI reports); p_prov is shared by a
 * province's cities. No planted effect, no business cycle.
 */
export const MARKETISATION = {
  regionLevel2016: { east: 8.0, central: 6.6, northeast: 6.0, west: 5.2 },
  provinceEffectSd: 0.6, eGdpPc: 0.4, eCoast: 0.3, cityEffectSd: 0.3, trend: 0.12, noiseSd: 0.05, min: 0, max: 12,
} as const;

/**
 * A simulated mechanism series of seed 004 (a mediator): log M_it(0) = log k + trend (t - 2019)
 * + eGdpPc (mean log GDP per capita_i - median) + cityEffectSd (rho eta_i + sqrt(1 - rho^2) xi_i)
 * + bizLoading c_it + cycleLoading (sqrt(1 - b) o_it + sqrt(b) r_t) + noiseSd e_it, where c_it is the city's
 * business cycle (shared with every simulated column), o_it the city's own cycle of this series and r_t
 * its national common cycle (both AR(1), SD 0.05, rho 0.6) with base weight b = `commonWeight`. k makes the
 * mean of the default cities' Y(0) in 2019 equal `mean2019`. The planted effect (effects.ts) adds a level
 * effect and, with `diffusionWeight`, raises a treated city's weight on the common cycle.
 */
export interface MediatorVariable {
  readonly name: string;
  readonly unit: string;
  readonly label: string;
  readonly mean2019: number;
  readonly trend: number;
  readonly eGdpPc: number;
  readonly cityEffectSd: number;
  readonly cityFactorLoading: number;
  readonly bizLoading: number;
  readonly cycleLoading: number;
  readonly commonWeight: number;
  readonly noiseSd: number;
}

/**
 * The two mediators of seed 004's mechanism section (Table 4): the institutional-innovation level (the seed's
 * entropy composite of marketisation, government intervention, openness and digital economy, after Cui
 * Riming et al. 2021) and the factor-allocation structure (capital-labour allocation, skill structure and
 * data-factor allocation, after Wang Linhui et al. 2022), each simulated as one index. Order = column order;
 * at most 4 (their random streams, indices.ts).
 */
export const MEDIATOR_VARIABLES: readonly MediatorVariable[] = [
  { name: 'institutional_innovation', unit: 'index points (2019 mean of the default cities = 30)', label: 'Institutional-innovation index (seed 004 mechanism; composite of marketisation, government intervention, openness, digital economy)', mean2019: 30, trend: 0.04, eGdpPc: 0.5, cityEffectSd: 0.3, cityFactorLoading: 0.5, bizLoading: 0.3, cycleLoading: 2.0, commonWeight: 0.1, noiseSd: 0.01 },
  { name: 'factor_allocation', unit: 'index (2019 mean of the default cities = 1)', label: 'Factor-allocation efficiency index (seed 004 mechanism; inverse of factor-market distortion: capital-labour, skill and data-factor allocation)', mean2019: 1, trend: 0.01, eGdpPc: 0.3, cityEffectSd: 0.2, cityFactorLoading: 0.3, bizLoading: 0.3, cycleLoading: 1.5, commonWeight: 0.1, noiseSd: 0.01 },
];
