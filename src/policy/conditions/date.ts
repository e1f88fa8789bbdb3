// Date condition operators: DateEquals, DateNotEquals, DateLessThan[Equals], DateGreaterThan[Equals].
// Values are W3C ISO 8601 dates (https://www.w3.org/TR/NOTE-datetime) or epoch seconds, as AWS
// allows for aws:CurrentTime and aws:EpochTime; both sides are parsed to milliseconds since the
// epoch and compared as numbers (the ordered comparison is shared with the numeric family).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
//
// Unlike every other family, a policy value that is not a date is rejected at compile time: IAM
// parses Date values when a policy is stored and refuses the policy ("The policy failed legacy
// parsing") when one does not parse. A context value that is not a date matches nothing.
//
// Accepted forms (T and Z in either case; a time without a zone is UTC):
//   1700000000, 1700000000.5                    epoch seconds (all digits is never read as a year)
//   2020-01, 2020-01-31                         year-month, date (midnight UTC)
//   2020-01-31T10:00Z, 2020-01-31T10:00:00+01:00, 2020-01-31T10:00:00.123456Z

import { compileOrdered, type Ordering } from './numeric.js';
import type { CompileResult, OperatorDefinition } from './types.js';

const EPOCH = /^\d+(?:\.\d+)?$/;
const ISO = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|([+-])(\d{2})(?::?(\d{2}))?)?)?)?$/;

/** Date.UTC maps years 0-99 to 1900-1999; shifting by one 400-year Gregorian cycle avoids that. */
const CYCLE_YEARS = 400;
const CYCLE_MS = 146097 * 86400000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil): as Date.UTC counts. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The form AWS itself writes aws:CurrentTime in, 2026-11-28T10:12:42Z, read without a regular
 * expression (a request's time differs from the last one's, so the memo below rarely helps a
 * stream of requests): its value, NaN when it is that form but no date, undefined for any other
 * form (the general parser decides). Years before 100 go to the general parser too.
 */
function parseCanonical(text: string): number | undefined {
  if (text.length !== 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (text.charCodeAt(10) | 0x20) !== 116) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || (text.charCodeAt(19) | 0x20) !== 122) return undefined;
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hi < 0 || lo < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = hi * 100 + lo;
  if (year < 100) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  return daysFromCivil(year, month, day) * 86400000 + ((hour * 60 + minute) * 60 + second) * 1000;
}

function parseUncached(text: string): number {
  const canonical = parseCanonical(text);
  if (canonical !== undefined) return canonical;
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO.exec(text);
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return NaN;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const base = year < 100 ? Date.UTC(year + CYCLE_YEARS, month - 1, day, hour, minute, second) - CYCLE_MS : Date.UTC(year, month - 1, day, hour, minute, second);
  return base + fraction - offsetMinutes * 60000;
}

// One request evaluates many conditions against the same aws:CurrentTime text: remember the last.
let lastText = '';
let lastValue = NaN;

/** Milliseconds since the epoch (fractional below the millisecond), or NaN when not a date. */
export function parseDate(text: string): number {
  if (text === lastText) return lastValue;
  const value = parseUncached(text);
  lastText = text;
  lastValue = value;
  return value;
}

function date(name: string, ordering: Ordering, negated = false): OperatorDefinition {
  return {
    name,
    family: 'date',
    negated,
    variables: false,
    ifExists: true,
    compile(values): CompileResult {
      const parsed: number[] = [];
      for (const v of values) {
        const ms = parseUncached(v);
        if (Number.isNaN(ms)) return { ok: false, message: `${name}: "${v}" is not a date (ISO 8601 or epoch seconds)` };
        parsed.push(ms);
      }
      return { ok: true, test: compileOrdered(parsed, ordering, parseDate) };
    },
  };
}

export const DATE_OPERATORS: readonly OperatorDefinition[] = [
  date('DateEquals', 'eq'),
  date('DateNotEquals', 'eq', true),
  date('DateLessThan', 'lt'),
  date('DateLessThanEquals', 'le'),
  date('DateGreaterThan', 'gt'),
  date('DateGreaterThanEquals', 'ge'),
];
