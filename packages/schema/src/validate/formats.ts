/** String formats of the `format` refinement (the JSON Schema names), as predicates. */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/,
  "date-time": /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  time: /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
  hex: /^(0x)?[0-9a-fA-F]*$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?::(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?)$/,
};

export const KNOWN_FORMATS = Object.keys(FORMATS);

/** The same formats as regular-expression literals, for generated code. */
export const FORMAT_SOURCES: Readonly<Record<string, { regex: string; date: boolean }>> = Object.fromEntries(
  Object.entries(FORMATS).map(([name, re]) => [
    name,
    { regex: re.toString(), date: name === "date-time" || name === "date" },
  ]),
);

/** An unknown format accepts nothing, so a typo cannot silently accept everything. */
export function formatCheck(name: string): (s: string) => boolean {
  const re = FORMATS[name];
  if (!re) return () => false;
  if (name === "date-time" || name === "date") {
    return (s) => re.test(s) && !Number.isNaN(Date.parse(s));
  }
  return (s) => re.test(s);
}
