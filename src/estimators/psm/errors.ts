/** Named errors of propensity-score matching. */
import { PilotzoneError } from '../../errors.js';

/** The treatment column holds a value other than 0 and 1. */
export class TreatmentNotBinaryError extends PilotzoneError {
  constructor(column: string, row: number, value: string) {
    super('E_TREATMENT_NOT_BINARY', `treatment column "${column}" must hold only 0 and 1, but row ${row + 1} holds ${value}.`, {
      hint: 'Recode the treatment as 0 (control) / 1 (treated); for a continuous or multi-valued treatment use `pilotzone iv` or `pilotzone feols`.',
      details: { column, row: row + 1, value },
    });
  }
}

/** One group is empty (all treated or all controls), before or after trimming. */
export class EmptyGroupError extends PilotzoneError {
  constructor(column: string, group: 'treated' | 'control', context: string) {
    super('E_EMPTY_GROUP', `treatment column "${column}": no ${group} units ${context}.`, {
      hint: 'Matching needs both treated (1) and control (0) units.',
      details: { column, group },
    });
  }
}

/** No treated unit found a control (inside the caliper / exact cell). */
export class NoMatchesError extends PilotzoneError {
  constructor(reason: string, details: Record<string, unknown>) {
    super('E_NO_MATCHES', `no treated unit could be matched: ${reason}.`, {
      hint: 'Widen --caliper, drop --exact variables, or check the overlap of the propensity scores.',
      details,
    });
  }
}
