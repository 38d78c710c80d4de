import { notYet } from './not-yet.js';

export const command = notYet('sdid', 'synthetic difference-in-differences', 'pilotzone sdid --data F --unit U --time T --outcome Y --treatment D');
