/**
 * The runtime errors of operators and functions on values, with the
 * openCypher TCK's type and detail names:
 *
 *   TypeError/InvalidArgumentType     an operator got an operand of a type it has no meaning for (`1 + true`, `5[0]`)
 *   TypeError/InvalidArgumentValue    a function got an argument of a type it has no meaning for (`toInteger([])`, `labels(r)`)
 *   TypeError/MapElementAccessByNonString  `map[1]`
 *   ArithmeticError/IntegerOverflow   an INTEGER result outside int64
 *   ArithmeticError/DivisionByZero    INTEGER `/` or `%` by zero
 *   ArgumentError/NumberOutOfRange    a number outside a function's domain (`percentileDisc(x, 1.5)`, `range(1, 5, 0)`)
 *
 * Messages name the operator or function and the offending types.
 */
import { CypherError } from '../../base/errors.js';
import { valueType, type Value } from './value.js';

/** An operator applied to operands of types it does not accept. */
export function operatorTypeError(operator: string, ...operands: Value[]): CypherError {
  const types = operands.map((v) => valueType(v)).join(' and ');
  return new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: cannot apply ${operator} to ${types}`, { phase: 'runtime' });
}

/** A function called with an argument of a type it does not accept. */
export function functionTypeError(fn: string, arg: Value, expected: string): CypherError {
  return new CypherError('TypeError', 'InvalidArgumentValue', `type mismatch: ${fn}() expects ${expected}, got ${valueType(arg)}`, { phase: 'runtime' });
}

/** An INTEGER operation whose result does not fit in 64 bits. */
export function integerOverflow(what: string): CypherError {
  return new CypherError('ArithmeticError', 'IntegerOverflow', `integer overflow: ${what} does not fit in 64 bits`, { phase: 'runtime' });
}

/** INTEGER division or modulo by zero. */
export function divisionByZero(operator: string): CypherError {
  return new CypherError('ArithmeticError', 'DivisionByZero', `division by zero: ${operator} 0`, { phase: 'runtime' });
}

/** A number outside a function's domain. */
export function numberOutOfRange(fn: string, detail: string): CypherError {
  return new CypherError('ArgumentError', 'NumberOutOfRange', `${fn}(): ${detail}`, { phase: 'runtime' });
}
