import { notYet } from './not-yet.js';

export const command = notYet('synth', 'synthetic control (Abadie et al.) with placebo inference', 'pilotzone synth --data F --unit U --time T --outcome Y --treated UNIT --treat-time T0 --predictors ...');
