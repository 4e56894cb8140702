/**
 * String formats of the `format` refinement (the JSON Schema names), as predicates.
 *
 * Every regular expression here is unambiguous (at each character there is one way to go on), so a
 * match costs time linear in the string however hostile it is: bench/validators/hostile.mjs
 * measures the worst strings we could build. The tables have no prototype, so a format named
 * `constructor` or `__proto__` is simply unknown.
 */
const FORMATS: Readonly<Record<string, RegExp>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, RegExp>, {
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    // local@domain, the domain two or more non-empty labels joined by single dots (RFC 5321 4.1.2:
    // no empty, leading or trailing label). Each run stops at a dot, so there is one way to match,
    // not `[^@]+\.[^@]+` (whose two runs can both take dots: quadratic on "a@" + "." x 100,000).
    email: /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:.]+(\.[^\s@"<>()[\]\\,;:.]+)+$/,
    "date-time": /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
    date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    // RFC 3339 5.6's ranges in the pattern (hour 00-23, minute 00-59, second 00-60, the same for the
    // offset): a time has no date to place a leap second in, so :60 passes at any minute.
    time: /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)?$/,
    uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
    hex: /^(0x)?[0-9a-fA-F]*$/,
    ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
    ipv6: /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?::(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?)$/,
  }),
);

/** Formats whose shape is followed by the calendar check (`calendarOk`). */
const CALENDAR = new Set(["date", "date-time"]);

export const KNOWN_FORMATS = Object.keys(FORMATS);

export function isKnownFormat(name: string): boolean {
  return Object.hasOwn(FORMATS, name);
}

/** The same formats as regular-expression literals, for generated code (no prototype either). */
export const FORMAT_SOURCES: Readonly<Record<string, { regex: string; date: boolean }>> = Object.freeze(
  Object.assign(
    Object.create(null),
    Object.fromEntries(
      Object.entries(FORMATS).map(([name, re]) => [name, { regex: re.toString(), date: CALENDAR.has(name) }]),
    ),
  ),
);

/**
 * The RFC 3339 rules a `date` or `date-time` string of the right shape must still meet: the day
 * exists in its month (leap years by the Gregorian rule: 2024-02-29 yes, 2023-02-29 and 2024-04-31
 * no), hours 00-23, minutes 00-59, seconds 00-59, or 60 for a leap second at 23:59 UTC, offsets up
 * to 23:59. Self-contained (no outer names): the compiled back end embeds its source text.
 */
export function calendarOk(s: string): boolean {
  const year = +s.slice(0, 4);
  const month = +s.slice(5, 7);
  const day = +s.slice(8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return false;
  if (s.length === 10) return true;
  const hour = +s.slice(11, 13);
  const minute = +s.slice(14, 16);
  const second = +s.slice(17, 19);
  const last = s[s.length - 1];
  const utc = last === "Z" || last === "z";
  const sign = utc ? 0 : s[s.length - 6] === "-" ? -1 : 1;
  const offHour = utc ? 0 : +s.slice(-5, -3);
  const offMinute = utc ? 0 : +s.slice(-2);
  if (hour > 23 || minute > 59 || second > 60 || offHour > 23 || offMinute > 59) return false;
  if (second < 60) return true;
  // A leap second is inserted at the end of a UTC day: the time, moved to UTC, must be 23:59.
  const utcMinutes = (((hour * 60 + minute - sign * (offHour * 60 + offMinute)) % 1440) + 1440) % 1440;
  return utcMinutes === 23 * 60 + 59;
}

/** An unknown format accepts nothing, so a typo cannot silently accept everything. */
export function formatCheck(name: string): (s: string) => boolean {
  if (!Object.hasOwn(FORMATS, name)) return () => false;
  const re = FORMATS[name]!;
  if (CALENDAR.has(name)) return (s) => re.test(s) && calendarOk(s);
  return (s) => re.test(s);
}
