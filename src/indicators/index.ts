/**
 * Indicators that seed studies build before estimating: DEA and the DEA-Malmquist TFP index (DEAP 2.1),
 * perpetual-inventory capital stocks, entropy-weight composites, business-cycle synchronisation and the
 * city-pair panel with its gravity-model cut-off.
 */
export { dea, deaScores, type DeaOptions, type DeaScores, type DeaRow } from './dea/dea.js';
export type { DeaBlock, Orientation, Rts } from './dea/envelopment.js';
export { malmquist, MalmquistResult, type MalmquistOptions, type MalmquistRow, type MalmquistIndices, type EfficiencyRow } from './dea/malmquist.js';
export { malmquistArrays, type MalmquistArrays } from './dea/malmquist-core.js';
export { DenseSimplex, type LpStatus } from './dea/simplex.js';
export { capitalStock, type CapitalOptions, type CapitalResult } from './capital.js';
export { rootPow } from './exact-root.js';
export { entropyIndex, parseIndicators, type EntropyOptions, type EntropyResult, type EntropyWeight } from './entropy.js';
export { syncIndex, syncRho, syncTransform, standardiseSeries } from './sync.js';
export { ADMIN_RANK, EARTH_RADIUS_KM, greatCircleKm, gravityMass, gravityStrength, median } from './gravity.js';
export { pairPanel, type PairPanelOptions, type PairPanelResult, type GravityColumns } from './pairs.js';
