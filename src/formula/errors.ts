import { PilotzoneError } from '../errors.js';

/**
 * A formula that does not parse or names something that cannot be evaluated. The message quotes the
 * formula with a caret under the offending token.
 */
export class FormulaError extends PilotzoneError {
  constructor(text: string, pos: number, message: string, hint?: string) {
    const caret = ' '.repeat(Math.max(0, Math.min(pos, text.length))) + '^';
    super('E_FORMULA', `formula: ${message} at position ${pos + 1}:\n  ${text}\n  ${caret}`, {
      hint,
      details: { formula: text, position: pos + 1 },
    });
  }
}
