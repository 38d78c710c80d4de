import { notYet } from './not-yet.js';

export const command = notYet('capital', 'perpetual-inventory capital stock', 'pilotzone capital --data F --unit U --time T --investment I');
