/** Named errors of the synthetic control family, each with a stable code and a message naming the input. */
import { PilotzoneError } from '../../errors.js';

/** The treated unit named by the user is not in the unit column. */
export class UnknownUnitError extends PilotzoneError {
  constructor(unit: string, column: string, available: readonly string[], role = 'treated unit') {
    const shown = available.slice(0, 20).join(', ') + (available.length > 20 ? `, ... (${available.length} in all)` : '');
    super('E_SCM_UNKNOWN_UNIT', `${role} "${unit}" is not a value of column "${column}".`, {
      hint: `Units in the data: ${shown}.`,
      details: { unit, column, role },
    });
  }
}

/** The treatment time leaves no pre-period or no post-period in the data. */
export class TreatmentTimeError extends PilotzoneError {
  constructor(time: number, first: number, last: number, column: string) {
    super('E_SCM_TREAT_TIME', `treatment time ${time} is outside the data: column "${column}" runs from ${first} to ${last}, and the treatment time must leave at least one period before it and be at most ${last}.`, {
      hint: `Choose a treatment time in ${first + 1}..${last}.`,
      details: { time, first, last, column },
    });
  }
}

/** A predictor has no value for a unit over its window. */
export class MissingPredictorError extends PilotzoneError {
  constructor(predictor: string, unit: string, window: string) {
    super('E_SCM_MISSING_PREDICTOR', `predictor "${predictor}" has no value for unit "${unit}" in ${window}.`, {
      hint: 'Widen the window, fill the data, or exclude the unit (--exclude).',
      details: { predictor, unit, window },
    });
  }
}

/** Fewer than two donors remain in the pool. */
export class TooFewDonorsError extends PilotzoneError {
  constructor(n: number, context = 'donor pool') {
    super('E_SCM_FEW_DONORS', `the ${context} has ${n} unit${n === 1 ? '' : 's'}; a synthetic control needs at least 2 donors.`, {
      hint: 'Check --donors / --exclude and the unit column.',
      details: { donors: n },
    });
  }
}

/** A predictor takes the same value for the treated unit and every donor (Synth's scaling divides by its sd). */
export class ConstantPredictorError extends PilotzoneError {
  constructor(predictor: string, value: number) {
    super('E_SCM_CONSTANT_PREDICTOR', `predictor "${predictor}" is constant (${value}) across the treated unit and the donors, so it cannot be scaled by its standard deviation.`, {
      hint: 'Drop the predictor: it carries no information for matching.',
      details: { predictor, value },
    });
  }
}

/** A unit lacks the outcome in some periods the method needs. */
export class MissingOutcomeError extends PilotzoneError {
  constructor(unit: string, outcome: string, times: readonly number[]) {
    const shown = times.slice(0, 10).join(', ') + (times.length > 10 ? ', ...' : '');
    super('E_SCM_MISSING_OUTCOME', `unit "${unit}" has no value of outcome "${outcome}" in ${times.length} period${times.length === 1 ? '' : 's'} (${shown}).`, {
      hint: `Exclude the unit (--exclude "${unit}") or fill the outcome: the synthetic control needs a balanced outcome panel.`,
      details: { unit, outcome, times },
    });
  }
}

/** The same (unit, time) appears twice. */
export class DuplicateCellError extends PilotzoneError {
  constructor(unit: string, time: number, unitColumn: string, timeColumn: string) {
    super('E_SCM_DUPLICATE', `unit "${unit}" has more than one row for ${timeColumn} = ${time} (column "${unitColumn}").`, {
      hint: 'Aggregate the data to one row per unit and period first.',
      details: { unit, time },
    });
  }
}
