/**
 * sqlLiteral against two oracles: node-postgres's escapeLiteral (which it replaces on PGlite's
 * path) on sampled strings, and PostgreSQL itself reading each literal back as the string.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type SqlDatabase } from "./sql.js";
import { sqlLiteral } from "./sql-literal.js";

/** Strings made of the characters a literal has to treat specially, and ordinary ones around them. */
function samples(count: number, seed = 7): string[] {
  const pieces = [
    "'",
    "''",
    "\\",
    "\\'",
    "E'",
    '"',
    "$$",
    "\n",
    "\t",
    " ",
    "a",
    "é",
    "😀",
    "NULL",
    ";",
    "--",
    "0",
  ];
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  const out = ["", "'", "\\", "plain"];
  while (out.length < count) {
    let s = "";
    for (let n = next() % 8; n > 0; n--) s += pieces[next() % pieces.length];
    out.push(s);
  }
  return out;
}

const strings = samples(200);

describe("sqlLiteral", () => {
  it("writes what node-postgres's escapeLiteral writes (bar its leading space before E)", () => {
    for (const s of strings) expect(sqlLiteral(s)).toBe(pg.escapeLiteral(s).trimStart());
  });

  describe("read back by PostgreSQL (PGlite)", () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await openDatabase("memory");
    }, 600_000);
    afterAll(() => db?.close());

    it("as the same string, with standard_conforming_strings on and off", async () => {
      for (const setting of ["on", "off"]) {
        await db.exec(`SET standard_conforming_strings = ${setting}`);
        const list = strings.map((s) => sqlLiteral(s)).join(", ");
        const { rows } = await db.query<{ v: string[] }>(`SELECT ARRAY[${list}]::text[] AS v`);
        expect(rows[0]?.v).toEqual(strings);
      }
      await db.exec("RESET standard_conforming_strings");
    });

    it("as a prepared statement's parameters", async () => {
      for (const s of strings.slice(0, 40)) {
        const { rows } = await db.prepared<{ v: string }>("SELECT $1::text AS v", [s]);
        expect(rows[0]?.v).toBe(s);
      }
    });
  });
});
