/**
 * A string as a PostgreSQL literal, written as node-postgres's escapeLiteral writes it, here so that
 * opening PGlite does not load `pg` (its import pulls in Node's fetch implementation: ~0.1 s of a start).
 */
export function sqlLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  // With a backslash, an escape-string literal (E'...', backslashes doubled): read the same
  // whatever standard_conforming_strings says.
  return text.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}
