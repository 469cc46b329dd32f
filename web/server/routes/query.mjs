// Query-string numbers shared by the list endpoints.
import { badRequest } from '../http/errors.mjs';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

export function positiveInteger(raw, name, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}) {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`The query parameter "${name}" must be a whole number from ${min} to ${max}.`, 'bad_query');
  }
  return Number(raw);
}

export const pageLimit = (raw) => (raw === undefined ? DEFAULT_PAGE : positiveInteger(raw, 'limit', { max: MAX_PAGE }));
export const pageOffset = (raw) => (raw === undefined ? 0 : positiveInteger(raw, 'offset', { min: 0 }));
