import { notYet } from './not-yet.js';

export const command = notYet('pairs', 'city-pair panel with synchronisation index and gravity strength', 'pilotzone pairs --data F --unit U --time T');
