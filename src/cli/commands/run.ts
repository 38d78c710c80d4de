import { notYet } from './not-yet.js';

export const command = notYet('run', 'run a study spec and write its report', 'pilotzone run STUDY.yaml --out DIR');
