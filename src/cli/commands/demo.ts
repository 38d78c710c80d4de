import { notYet } from './not-yet.js';

export const command = notYet('demo', 'run the demo on embedded data', 'pilotzone demo');
