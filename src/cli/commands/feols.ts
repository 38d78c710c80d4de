import { notYet } from './not-yet.js';

export const command = notYet('feols', 'fixed-effects OLS', 'pilotzone feols --data F --formula "y ~ x | fe1 + fe2"');
