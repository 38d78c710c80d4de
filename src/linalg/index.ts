/** Dense linear algebra on column-major Float64Arrays: QR, least squares, triangular solves, eigen. */
export { qrPivoted } from './qr.js';
export type { QrFactorization } from './qr.js';
export { StreamingQR } from './tsqr.js';
export { solveLeastSquares } from './lstsq.js';
export type { LeastSquaresOptions, LeastSquaresSolution } from './lstsq.js';
export { solveUpper, solveUpperTransposed, invertUpper, inverseGram } from './triangular.js';
export { symmetricEigen, nearestPsd } from './eigen.js';
export { compensatedResiduals, compensatedDot } from './compensated.js';
export { choleskyInPlace, choleskySolveInPlace, choleskySolve, spdInverse, solveGeneral } from './cholesky.js';
