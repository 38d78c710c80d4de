/** Named errors of instrumental-variables estimation. */
import { PilotzoneError } from '../../errors.js';

/** The formula has no IV part `| endog ~ instruments`. */
export class NotIvError extends PilotzoneError {
  constructor(formula: string) {
    super('E_NOT_IV', `formula "${formula}" has no instrumental-variables part.`, {
      hint: 'Write it as "y ~ exog | fe | endog ~ z1 + z2" (or "y ~ exog | endog ~ z" without fixed effects).',
      details: { formula },
    });
  }
}

/** Fewer usable excluded instruments than endogenous regressors. */
export class UnderidentifiedError extends PilotzoneError {
  constructor(endog: readonly string[], instruments: readonly string[], dropped: readonly string[]) {
    super(
      'E_IV_UNDERIDENTIFIED',
      `the model is under-identified: ${endog.length} endogenous regressor(s) (${endog.join(', ')}) but ${instruments.length} usable excluded instrument(s)` +
        (instruments.length ? ` (${instruments.join(', ')})` : '') +
        (dropped.length ? `; ${dropped.join(', ')} ${dropped.length === 1 ? 'is' : 'are'} collinear with the controls or fixed effects` : '') + '.',
      {
        hint: dropped.length
          ? 'An instrument that is constant within a fixed effect, or a combination of the controls, has no excluded variation: use an instrument that varies within the fixed effects.'
          : 'Add instruments: 2SLS needs at least one excluded instrument per endogenous regressor.',
        details: { endog, instruments, dropped },
      },
    );
  }
}
