import { notYet } from './not-yet.js';

export const command = notYet('malmquist', 'DEA-Malmquist productivity index', 'pilotzone malmquist --data F --dmu D --period P --inputs k,l --outputs y');
