import { notYet } from './not-yet.js';

export const command = notYet('psm', 'propensity-score matching', 'pilotzone psm --data F --treatment D --covariates x1,x2');
