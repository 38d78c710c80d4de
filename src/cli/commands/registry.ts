import { notYet } from './not-yet.js';

export const command = notYet('registry', 'pilot zones and cities registry', 'pilotzone registry zones|cities|treatment');
