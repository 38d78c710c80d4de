import { notYet } from './not-yet.js';

export const command = notYet('index', 'composite indices (entropy-weight method)', 'pilotzone index entropy --data F --indicators a,b,-c');
