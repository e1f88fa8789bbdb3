// Timestamps on the wire: reading what clients send (ISO 8601 or epoch seconds) and writing what
// AWS sends (ISO 8601 to the second with Z in XML; epoch seconds in JSON).

const ISO8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 (what the SDKs send) or epoch seconds; undefined when neither. */
export function parseTimestamp(raw: string): Date | undefined {
  if (ISO8601.test(raw)) {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(raw)) {
    const t = Number(raw) * 1000;
    return Number.isFinite(t) ? new Date(t) : undefined;
  }
  return undefined;
}

/** An output timestamp as a Date: a Date, epoch seconds, or an ISO 8601 string. */
export function toDate(value: unknown): Date {
  let d: Date;
  if (value instanceof Date) d = value;
  else if (typeof value === 'number') d = new Date(value * 1000);
  else if (typeof value === 'string') d = new Date(value);
  else throw new TypeError(`a timestamp must be a Date, epoch seconds or an ISO 8601 string, not ${typeof value}`);
  if (Number.isNaN(d.getTime())) throw new TypeError(`invalid timestamp ${String(value)}`);
  return d;
}

/** ISO 8601 in UTC to the second, as IAM and STS print times: 2013-04-18T17:55:21Z. */
export function formatIsoSeconds(value: unknown): string {
  const d = toDate(value);
  // Most calls format this second (request times) or a handful of stored ones: remember one.
  const second = Math.floor(d.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const iso = d.toISOString();
  // 2013-04-18T17:55:21.000Z: the seconds end at 19 for every year IAM can hold (0000-9999).
  lastText = iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
  lastSecond = second;
  return lastText;
}
let lastSecond = Number.NaN;
let lastText = '';

/** Epoch seconds, as JSON services print times (fractions kept: 1.5 is half past). */
export function epochSeconds(value: unknown): number {
  return toDate(value).getTime() / 1000;
}
