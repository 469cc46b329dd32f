// Crossing the boundary: core functions that take/return JSON strings answer failures as
// {"error": {code, message, ...}}. This turns those into typed errors.
import { ArgumentError, InternalError } from './errors.mjs';
import { ARGUMENT_ERROR_CODES, INTERNAL_ERROR_CODES } from './constants.mjs';

/**
 * The error of a core's error answer {code, message, ...details}: an ArgumentError for the
 * codes the core names as misuse (ARGUMENT_ERROR_CODES), an InternalError for failures
 * that are not the caller's fault (INTERNAL_ERROR_CODES), else `ErrorClass`.
 */
export function errorOf({ code, message, ...details }, ErrorClass = InternalError) {
  const Cls = ARGUMENT_ERROR_CODES.includes(code) ? ArgumentError
    : INTERNAL_ERROR_CODES.includes(code) ? InternalError : ErrorClass;
  return new Cls(code, message, details);
}

/** Parses a JSON answer of the core; throws errorOf(its error) when it is an error. */
export function unwrap(answer, ErrorClass = InternalError) {
  const value = JSON.parse(answer);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.error
      && typeof value.error.code === 'string' && Object.keys(value).length === 1) {
    throw errorOf(value.error, ErrorClass);
  }
  return value;
}

/** Serialises a plain-object argument, refusing what JSON cannot carry faithfully. */
export function toJson(value, what) {
  if (typeof value === 'string') return value;
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ArgumentError('invalid_argument', `${what}: ${e.message}`);
  }
  if (text === undefined) throw new ArgumentError('invalid_argument', `${what} must be a JSON value`);
  return text;
}

/** An optional options argument: undefined -> {}, an object as is, anything else an ArgumentError. */
export function optionsOf(value, what = 'options') {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgumentError('invalid_argument', `${what} must be an object`, { field: what });
  }
  return value;
}
