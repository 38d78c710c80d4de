import { notYet } from './not-yet.js';

export const command = notYet('iv', 'two-stage least squares with fixed effects', 'pilotzone iv --data F --formula "y ~ x | fe | endog ~ z"');
