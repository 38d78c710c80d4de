import { notYet } from './not-yet.js';

export const command = notYet('did', 'staggered difference-in-differences and event studies', 'pilotzone did --data F --unit U --time T --outcome Y --cohort G --estimator cs|sa|bjs|twfe|bacon');
