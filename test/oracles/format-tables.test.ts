/**
 * The `date`, `date-time`, `time` and `email` formats against tables taken from the RFCs (an oracle
 * outside the code: every row cites the rule or example it comes from), on both back ends.
 *
 * RFC 3339 section 5.6 (the ABNF):
 *   full-date = date-fullyear "-" date-month "-" date-mday      (4, 2, 2 digits)
 *   partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
 *   time-offset = "Z" / time-numoffset; time-numoffset = ("+" / "-") time-hour ":" time-minute
 *   full-time = partial-time time-offset; date-time = full-date "T" full-time
 * section 5.6 also allows "t" and "z" in lower case (the note under the ABNF), section 5.7 restricts
 * the ranges (mday by month and leap year, hour 00-23, minute 00-59, second 00-60 where 60 is a leap
 * second) and section 5.8 gives examples. Appendix C gives the leap-year rule.
 *
 * Email (`email`): RFC 5321 section 4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`,
 * `Dot-string = Atom *("." Atom)`, `Domain = sub-domain *("." sub-domain)`, with the atom characters
 * of RFC 5322 section 3.2.3 (atext). The format accepts the dot-atom subset most validators accept
 * (docs/semantics.md lists where it differs: quoted local parts, address literals and one-label
 * domains are refused, dots anywhere in the local part accepted); those rows are in `EMAIL_OUTSIDE`
 * with the rule they come from. `time` is lenient in two ways, pinned in `TIME_OUTSIDE`.
 *
 * `uuid` follows RFC 9562 section 4, `uri` RFC 3986 section 3 (the scheme exactly, the rest any
 * characters but white space), `ipv4` RFC 3986 3.2.2, `ipv6` RFC 4291 section 2.2 without the
 * embedded-IPv4 form and without counting the pieces around "::" (`IPV6_OUTSIDE`); `hex` is defined
 * by docs/semantics.md only.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";

type Row = readonly [value: string, valid: boolean, source: string];

const DATE: Row[] = [
  ["1985-04-12", true, "5.8 example (its date)"],
  ["1996-12-19", true, "5.8 example (its date)"],
  ["1990-12-31", true, "5.8 example (its date)"],
  ["2000-02-29", true, "5.7 + appendix C: 2000 is divisible by 400"],
  ["2024-02-29", true, "5.7 + appendix C: divisible by 4, not by 100"],
  ["1900-02-29", false, "5.7 + appendix C: 1900 is divisible by 100, not 400"],
  ["2023-02-29", false, "5.7: 28 days in February of a common year"],
  ["2023-02-28", true, "5.7: 28 days in February of a common year"],
  ["2024-04-31", false, "5.7: April has 30 days"],
  ["2024-06-31", false, "5.7: June has 30 days"],
  ["2024-09-31", false, "5.7: September has 30 days"],
  ["2024-11-31", false, "5.7: November has 30 days"],
  ["2024-11-30", true, "5.7: November has 30 days"],
  ["2024-01-31", true, "5.7: January has 31 days"],
  ["2024-12-31", true, "5.7: December has 31 days"],
  ["2024-01-32", false, "5.6: date-mday 01-31"],
  ["2024-01-00", false, "5.6: date-mday 01-31"],
  ["2024-00-01", false, "5.6: date-month 01-12"],
  ["2024-13-01", false, "5.6: date-month 01-12"],
  ["0000-01-01", true, "5.6: date-fullyear is any 4DIGIT"],
  ["9999-12-31", true, "5.6: date-fullyear is any 4DIGIT"],
  ["85-04-12", false, "5.6: date-fullyear is 4DIGIT (no two-digit years)"],
  ["1985-4-12", false, "5.6: date-month is 2DIGIT"],
  ["1985-04-1", false, "5.6: date-mday is 2DIGIT"],
  ["19850412", false, "5.6: the separators are required"],
  ["1985/04/12", false, "5.6: the separator is '-'"],
  ["+1985-04-12", false, "5.6: no sign (an ISO 8601 expanded year)"],
  ["1985-04-12T23:20:50Z", false, "5.6: full-date is the whole string"],
  [" 1985-04-12", false, "5.6: no surrounding space"],
  ["１９８５-04-12", false, "5.6: DIGIT is ASCII 0-9"],
];

const DATE_TIME: Row[] = [
  ["1985-04-12T23:20:50.52Z", true, "5.8 example"],
  ["1996-12-19T16:39:57-08:00", true, "5.8 example"],
  ["1990-12-31T23:59:60Z", true, "5.8 example: a leap second"],
  ["1990-12-31T15:59:60-08:00", true, "5.8 example: the same leap second in Pacific time"],
  ["1937-01-01T12:00:27.87+00:20", true, "5.8 example: Amsterdam's +00:20"],
  ["1985-04-12t23:20:50.52z", true, "5.6 note: 't' and 'z' may be lower case"],
  ["1985-04-12T23:20:50.123456789Z", true, "5.6: time-secfrac is '.' 1*DIGIT"],
  ["1985-04-12T23:20:50.Z", false, "5.6: time-secfrac needs a digit"],
  ["1985-04-12T23:20:50", false, "5.6: full-time needs a time-offset"],
  ["1985-04-12 23:20:50Z", false, "5.6: the separator is 'T' (the space is only a note's suggestion)"],
  ["1985-04-12T23:20Z", false, "5.6: time-second is required"],
  ["1985-04-12T23:20:50+0800", false, "5.6: time-numoffset has a ':'"],
  ["1985-04-12T23:20:50+08", false, "5.6: time-numoffset has minutes"],
  ["1985-04-12T24:00:00Z", false, "5.6: time-hour 00-23"],
  ["1985-04-12T23:60:00Z", false, "5.6: time-minute 00-59"],
  ["1985-04-12T23:59:61Z", false, "5.6: time-second 00-60"],
  ["1985-04-12T12:00:60Z", false, "5.7: 60 only where a leap second is (end of a UTC day)"],
  ["1985-04-12T23:20:50+24:00", false, "5.6: the offset's hour is time-hour, 00-23"],
  ["1985-04-12T23:20:50+05:60", false, "5.6: the offset's minute is time-minute, 00-59"],
  ["1985-04-12T23:20:50-00:00", true, "4.3: -00:00 is allowed (unknown local offset)"],
  ["2023-02-29T00:00:00Z", false, "5.7: the date must exist"],
  ["2024-02-29T00:00:00Z", true, "5.7: 2024 is a leap year"],
  ["1900-02-29T00:00:00Z", false, "5.7 + appendix C: 1900 is not a leap year"],
  ["2024-04-31T00:00:00Z", false, "5.7: April has 30 days"],
  ["1985-00-12T23:20:50Z", false, "5.6: date-month 01-12"],
  ["1985-13-12T23:20:50Z", false, "5.6: date-month 01-12"],
  ["1985-04-00T23:20:50Z", false, "5.6: date-mday 01-31"],
  ["1985-04-12T23:20:50+23:59", true, "5.6: the largest time-numoffset"],
  ["1985-04-12T00:00:00+00:00", true, "5.6: the smallest time-numoffset"],
  ["1991-01-01T00:59:60+01:00", true, "5.7: a leap second at 23:59:60 UTC, written an hour east"],
  ["1990-12-31T23:29:60-00:30", true, "5.7: a leap second at 23:59:60 UTC, written half an hour west"],
  ["1990-12-31T23:59:60+00:01", false, "5.7: 23:58:60 UTC is not the end of a day"],
  ["1990-12-31t23:59:60z", true, "5.8 example with 't' and 'z' in lower case (5.6 note)"],
  ["1990-12-31T23:59:60.5Z", true, "5.6: a leap second may have a time-secfrac"],
];

const TIME: Row[] = [
  ["23:20:50.52Z", true, "5.6 full-time, from the 5.8 example"],
  ["16:39:57-08:00", true, "5.6 full-time, from the 5.8 example"],
  ["00:00:00z", true, "5.6 note: 'z' may be lower case"],
  ["23:59:59+23:59", true, "5.6: the largest offset"],
  ["24:00:00Z", false, "5.6: time-hour 00-23"],
  ["25:00:00Z", false, "5.6: time-hour 00-23"],
  ["23:60:00Z", false, "5.6: time-minute 00-59"],
  ["23:59:61Z", false, "5.6: time-second 00-60"],
  ["99:99:99Z", false, "5.6: time-hour 00-23, time-minute 00-59"],
  ["12:00:00+24:00", false, "5.6: the offset's hour is time-hour, 00-23"],
  ["12:00:00+05:60", false, "5.6: the offset's minute is time-minute, 00-59"],
  ["12:00Z", false, "5.6: time-second is required"],
  ["12:00:00.Z", false, "5.6: time-secfrac needs a digit"],
  ["T12:00:00Z", false, "5.6: full-time has no 'T'"],
];

const EMAIL: Row[] = [
  ["simple@example.com", true, "RFC 5321 4.1.2: Dot-string '@' Domain"],
  ["first.last@example.com", true, "RFC 5321 4.1.2: Dot-string = Atom *('.' Atom)"],
  ["user+tag@example.org", true, "RFC 5322 3.2.3: '+' is atext"],
  ["!#$%&'*+-/=?^_`{|}~@example.com", true, "RFC 5322 3.2.3: every atext symbol"],
  ["a@b.co", true, "RFC 5321 4.1.2: one-letter atoms and sub-domains"],
  ["user@mail.example-domain.com", true, "RFC 5321 4.1.2: Ldh-str has '-' inside"],
  ["user@123.example", true, "RFC 5321 4.1.2: Let-dig includes digits"],
  ["plainaddress", false, "RFC 5321 4.1.2: '@' is required"],
  ["@example.com", false, "RFC 5321 4.1.2: Local-part is not empty (Atom = 1*atext)"],
  ["user@", false, "RFC 5321 4.1.2: Domain is not empty"],
  ["a@b@example.com", false, "RFC 5322 3.2.3: '@' is not atext (unquoted)"],
  ["user name@example.com", false, "RFC 5322 3.2.3: space is not atext (unquoted)"],
  ["user@exa mple.com", false, "RFC 5321 4.1.2: space is not in a sub-domain"],
  ["user@example..com", false, "RFC 5321 4.1.2: sub-domain = Let-dig [Ldh-str] (not empty)"],
  ["user@.example.com", false, "RFC 5321 4.1.2: sub-domain is not empty"],
  ["user@example.com.", false, "RFC 5321 4.1.2: sub-domain is not empty (no trailing dot)"],
  ["a(comment)@example.com", false, "RFC 5322 3.2.3: '(' is not atext"],
  ["a,b@example.com", false, "RFC 5322 3.2.3: ',' is not atext"],
  ["a;b@example.com", false, "RFC 5322 3.2.3: ';' is not atext"],
  ["<a@example.com>", false, "RFC 5322 3.2.3: '<' is not atext"],
  ["a\\b@example.com", false, "RFC 5322 3.2.3: '\\' is not atext (unquoted)"],
];

/** RFC 9562 section 4 (ABNF: 8-4-4-4-12 hexDigs, any case, section 4 "input is case insensitive"), 5.9 Nil, 5.10 Max. */
const UUID: Row[] = [
  ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6", true, "RFC 9562 4: the example UUID"],
  ["F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6", true, "RFC 9562 4: hexDig is case insensitive"],
  ["00000000-0000-0000-0000-000000000000", true, "RFC 9562 5.9: the Nil UUID"],
  ["ffffffff-ffff-ffff-ffff-ffffffffffff", true, "RFC 9562 5.10: the Max UUID"],
  ["f81d4fae7dec11d0a76500a0c91e6bf6", false, "RFC 9562 4: the hyphens are part of the string form"],
  ["{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}", false, "RFC 9562 4: no braces"],
  ["urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", false, "RFC 9562 4: the URN is not the UUID"],
  ["f81d4fae-7dec-11d0-a765-00a0c91e6bf", false, "RFC 9562 4: node is 6 hexOctets (12 digits)"],
  ["f81d4fae-7dec-11d0-a765-00a0c91e6bf66", false, "RFC 9562 4: node is 6 hexOctets (12 digits)"],
  ["f81d4fa-e7dec-11d0-a765-00a0c91e6bf6", false, "RFC 9562 4: time-low is 4 hexOctets (8 digits)"],
  ["f81d4fae-7de-c11d0-a765-00a0c91e6bf6", false, "RFC 9562 4: time-mid is 2 hexOctets"],
  ["f81d4fae-7dec-11d-0a765-00a0c91e6bf6", false, "RFC 9562 4: time-high is 2 hexOctets"],
  ["f81d4fae-7dec-11d0-a76-500a0c91e6bf6", false, "RFC 9562 4: clock-seq is 2 hexOctets"],
  ["g81d4fae-7dec-11d0-a765-00a0c91e6bf6", false, "RFC 9562 4: hexDig is 0-9 a-f"],
  ["f81d4fae-7dec-11d0-a765-00a0c91e6bfg", false, "RFC 9562 4: hexDig is 0-9 a-f"],
  [" f81d4fae-7dec-11d0-a765-00a0c91e6bf6", false, "RFC 9562 4: the string is the whole UUID"],
];

/** RFC 3986 section 3 (URI = scheme ":" hier-part ...; 3.1 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), 1.1.2 examples. */
const URI: Row[] = [
  ["ftp://ftp.is.co.za/rfc/rfc1808.txt", true, "1.1.2 example"],
  ["http://www.ietf.org/rfc/rfc2396.txt", true, "1.1.2 example"],
  ["ldap://[2001:db8::7]/c=GB?objectClass?one", true, "1.1.2 example"],
  ["mailto:John.Doe@example.com", true, "1.1.2 example"],
  ["news:comp.infosystems.www.servers.unix", true, "1.1.2 example"],
  ["tel:+1-816-555-1212", true, "1.1.2 example"],
  ["urn:oasis:names:specification:docbook:dtd:xml:4.1.2", true, "1.1.2 example"],
  ["coap+tcp://example.com", true, "3.1: '+' in a scheme"],
  ["z39.50r://example.com", true, "3.1: digits and '.' in a scheme (an IANA scheme)"],
  ["soap.beep-s://example.com", true, "3.1: '-' in a scheme"],
  ["X:", true, "3.1: a one-letter scheme; 3.3: hier-part may be path-empty"],
  ["1http://example.com", false, "3.1: a scheme begins with a letter"],
  ["://example.com", false, "3.1: the scheme is not empty"],
  ["http//example.com", false, "3: ':' after the scheme is required"],
  ["/relative/path", false, "4.1: a relative reference is not a URI"],
  ["ht_tp://example.com", false, "3.1: '_' is not a scheme character"],
  ["ht tp://example.com", false, "3.1: space is not a scheme character"],
  ["http://exa mple.com", false, "2: space is not a URI character"],
  ["http://example.com/\na", false, "2: a line break is not a URI character"],
];

/** RFC 3986 3.2.2: IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet, dec-octet 0-255 without leading zeros. */
const IPV4: Row[] = [
  ["192.0.2.16", true, "RFC 3986 1.1.2 example (telnet://192.0.2.16:80/)"],
  ["0.0.0.0", true, "3.2.2: dec-octet = DIGIT"],
  ["255.255.255.255", true, '3.2.2: dec-octet = "25" %x30-35'],
  ["249.250.199.100", true, '3.2.2: "2" %x30-34 DIGIT, "25" %x30-35, "1" 2DIGIT'],
  ["10.99.9.1", true, "3.2.2: %x31-39 DIGIT and DIGIT"],
  ["256.0.0.1", false, "3.2.2: dec-octet is at most 255"],
  ["1.2.3.260", false, "3.2.2: dec-octet is at most 255"],
  ["1.2.3.300", false, "3.2.2: dec-octet is at most 255"],
  ["01.2.3.4", false, "3.2.2: no leading zero (not a dec-octet)"],
  ["1.2.3.04", false, "3.2.2: no leading zero (not a dec-octet)"],
  ["1.2.3", false, "3.2.2: four dec-octets"],
  ["1.2.3.4.5", false, "3.2.2: four dec-octets"],
  ["1.2.3.", false, "3.2.2: four dec-octets"],
  ["1.2.3.-4", false, "3.2.2: dec-octet is digits"],
  ["1.2.3.4 ", false, "3.2.2: the string is the whole address"],
  ["1a.2.3.4", false, "3.2.2: dec-octet is digits"],
  ["1.2.3.a", false, "3.2.2: dec-octet is digits"],
];

/**
 * RFC 4291 section 2.2 (text forms: x:x:x:x:x:x:x:x with 1-4 hex digits each, "::" for one or more
 * groups of zeros, once) with its examples.
 */
const IPV6: Row[] = [
  ["ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", true, "2.2 1. example"],
  ["2001:DB8:0:0:8:800:200C:417A", true, "2.2 1. example (leading zeros dropped)"],
  ["2001:db8:0:0:8:800:200c:417a", true, "2.2: hex digits in either case (RFC 5952 4.3 prefers lower)"],
  ["2001:DB8::8:800:200C:417A", true, "2.2 2. example"],
  ["FF01::101", true, "2.2 2. example"],
  ["::1", true, "2.2 2. example (loopback)"],
  ["::", true, "2.2 2. example (unspecified)"],
  ["2001:db8::", true, "2.2 2.: '::' at the end"],
  ["1::2:3:4:5:6:7", true, "2.2 2.: '::' for one group"],
  ["2001:DB8::8::417A", false, "2.2 2.: '::' appears at most once"],
  ["1:2:3:4:5:6:7:8:9", false, "2.2 1.: eight pieces"],
  ["1:2:3:4:5:6:7", false, "2.2 1.: eight pieces (seven without '::')"],
  ["12345::1", false, "2.2 1.: one to four hex digits a piece"],
  ["g::1", false, "2.2 1.: hex digits"],
  [":1:2:3:4:5:6:7", false, "2.2: a single leading ':'"],
  ["1:2:3:4:5:6:7:", false, "2.2: a single trailing ':'"],
  [":::", false, "2.2 2.: '::' is two colons"],
  ["1:2:3:4:5:6:7:8 ", false, "2.2: the string is the whole address"],
];

/**
 * `hex` is not an RFC format: docs/semantics.md defines it (hexadecimal digits in either case, any
 * number of them, after an optional lowercase `0x`), and these rows follow that sentence.
 */
const HEX: Row[] = [
  ["deadBEEF", true, "docs: hexadecimal digits in either case"],
  ["0123456789abcdefABCDEF", true, "docs: every hexadecimal digit"],
  ["0xff", true, "docs: an optional 0x"],
  ["", true, "docs: any number of digits, none included"],
  ["0x", true, "docs: any number of digits after 0x, none included"],
  ["fg", false, "docs: g is not a hexadecimal digit"],
  ["0X1f", false, "docs: the prefix is a lowercase 0x"],
  ["ff ff", false, "docs: digits only"],
  ["x1", false, "docs: the prefix is 0x"],
  ["0x0x1", false, "docs: one prefix"],
];

/**
 * Rows of the RFCs the format's documented subset decides the other way (docs/semantics.md): each
 * with the rule that makes it valid or invalid. Pinned, so a change of the subset is a decision.
 */
const EMAIL_OUTSIDE: Row[] = [
  [
    '"john doe"@example.com',
    false,
    "RFC 5321 4.1.2 Quoted-string local part: valid there, not in the subset",
  ],
  ["user@[192.168.0.1]", false, "RFC 5321 4.1.3 address-literal: valid there, not in the subset"],
  ["user@localhost", false, "RFC 5321 4.1.2 a one-label Domain: valid there, not in the subset"],
  [".user@example.com", true, "RFC 5321 4.1.2 Dot-string starts with an Atom: invalid there, in the subset"],
  ["us..er@example.com", true, "RFC 5321 4.1.2 Dot-string has no empty Atom: invalid there, in the subset"],
  ["user.@example.com", true, "RFC 5321 4.1.2 Dot-string ends with an Atom: invalid there, in the subset"],
];
/**
 * `ipv6` checks the pieces and the single "::", not the number of pieces around it, and has no
 * embedded IPv4 form (docs/semantics.md).
 */
const IPV6_OUTSIDE: Row[] = [
  ["::FFFF:129.144.52.38", false, "RFC 4291 2.2 3. example (embedded IPv4): valid there, not in the subset"],
  ["0:0:0:0:0:0:13.1.68.3", false, "RFC 4291 2.2 3. example (embedded IPv4): valid there, not in the subset"],
  [
    "1:2:3:4:5:6:7:8::",
    true,
    "RFC 4291 2.2 2.: '::' stands for at least one more piece: invalid there, in the subset",
  ],
  ["1:2:3:4::5:6:7:8", true, "RFC 4291 2.2 2.: nine pieces with '::': invalid there, in the subset"],
];
const TIME_OUTSIDE: Row[] = [
  [
    "12:00:00",
    true,
    "RFC 3339 5.6 full-time needs a time-offset: invalid there, the format's offset is optional",
  ],
  [
    "12:00:60Z",
    true,
    "RFC 3339 5.7 a leap second ends a UTC day: a time has no day, so :60 passes at any minute",
  ],
];

const format = (value: string): TypeExpr => t.refine(t.string(), { kind: "format", value });

async function backEnds(expr: TypeExpr) {
  const source = `export default ${compileValidatorSource(expr)};`;
  const compiled = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  return { interpreted: schemaFromExpr(expr), compiled: schemaFromExpr(expr, compiled) };
}

/** Rows whose verdict (on either back end) differs from the table, as readable lines. */
async function disagreements(name: string, rows: Row[]): Promise<string[]> {
  const { interpreted, compiled } = await backEnds(format(name));
  const wrong: string[] = [];
  for (const [value, valid, source] of rows) {
    for (const [end, schema] of [
      ["interpreted", interpreted],
      ["compiled", compiled],
    ] as const) {
      if (schema.is(value) !== valid)
        wrong.push(`${end}: ${JSON.stringify(value)} should be ${valid} (${source})`);
    }
  }
  return wrong;
}

describe("formats against the RFCs' grammars and examples", () => {
  it.each([
    ["date", DATE],
    ["date-time", DATE_TIME],
    ["time", TIME],
    ["email", EMAIL],
    ["email", EMAIL_OUTSIDE],
    ["time", TIME_OUTSIDE],
    ["uuid", UUID],
    ["uri", URI],
    ["ipv4", IPV4],
    ["ipv6", IPV6],
    ["ipv6", IPV6_OUTSIDE],
    ["hex", HEX],
  ] as const)(
    "%s: every table row (RFC 3339 5.6-5.8, RFC 5321 4.1.2, RFC 5322 3.2.3, RFC 9562, RFC 3986, RFC 4291)",
    async (name, rows) => {
      expect(await disagreements(name, [...rows])).toEqual([]);
    },
  );

  it("the tables have both verdicts for every format", () => {
    for (const rows of [DATE, DATE_TIME, TIME, EMAIL, UUID, URI, IPV4, IPV6, HEX])
      expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([true, false]));
  });
});
