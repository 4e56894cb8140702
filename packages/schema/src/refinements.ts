/**
 * Refinements as phantom types. `amount: u64` or `name: string & MinLength<3>` still accept plain
 * numbers and strings (the tag is an optional property that never exists at run time), while the
 * analyzer reads the tags and emits `range` / `refine` TypeExprs. docs/refinements.md has the rules.
 */

/** The phantom carrier: analyzers read `"~causality"`'s keys; values never exist at run time. */
export interface Tag<K extends string, V> {
  readonly "~causality"?: { readonly [P in K]: V };
}

type IntRange<Min extends string, Max extends string> = Tag<"integer", true> &
  Tag<"min", Min> &
  Tag<"max", Max>;

/** An integer-valued number (`Number.isInteger`). */
export type Int = number & Tag<"integer", true>;
/** Integer kinds. Above 2^53 a number loses precision: use the `n` (bigint) kinds for exact values. */
export type u8 = number & IntRange<"0", "255">;
export type u16 = number & IntRange<"0", "65535">;
export type u32 = number & IntRange<"0", "4294967295">;
export type u64 = number & IntRange<"0", "18446744073709551615">;
export type u128 = number & IntRange<"0", "340282366920938463463374607431768211455">;
export type i8 = number & IntRange<"-128", "127">;
export type i16 = number & IntRange<"-32768", "32767">;
export type i32 = number & IntRange<"-2147483648", "2147483647">;
export type i64 = number & IntRange<"-9223372036854775808", "9223372036854775807">;
export type i128 = number &
  IntRange<"-170141183460469231731687303715884105728", "170141183460469231731687303715884105727">;
/** An integer number in [Min, Max] (decimal strings, so bounds beyond 2^53 stay exact). */
export type IntIn<Min extends string, Max extends string> = number & IntRange<Min, Max>;

/** bigint kinds: exact at any size. */
type BigRange<Min extends string, Max extends string> = Tag<"min", Min> & Tag<"max", Max>;
export type U64n = bigint & BigRange<"0", "18446744073709551615">;
export type U128n = bigint & BigRange<"0", "340282366920938463463374607431768211455">;
export type I64n = bigint & BigRange<"-9223372036854775808", "9223372036854775807">;
export type I128n = bigint &
  BigRange<"-170141183460469231731687303715884105728", "170141183460469231731687303715884105727">;
export type BigIntIn<Min extends string, Max extends string> = bigint & BigRange<Min, Max>;

export type Minimum<N extends number> = Tag<"minimum", N>;
export type Maximum<N extends number> = Tag<"maximum", N>;
export type ExclusiveMinimum<N extends number> = Tag<"exclusiveMinimum", N>;
export type ExclusiveMaximum<N extends number> = Tag<"exclusiveMaximum", N>;
export type MultipleOf<N extends number> = Tag<"multipleOf", N>;
export type MinLength<N extends number> = Tag<"minLength", N>;
export type MaxLength<N extends number> = Tag<"maxLength", N>;
export type Pattern<P extends string> = Tag<"pattern", P>;
export type FormatName = "uuid" | "email" | "date-time" | "date" | "time" | "uri" | "hex" | "ipv4" | "ipv6";
export type Format<F extends FormatName> = Tag<"format", F>;

/** A decimal string with at most S fraction digits: "12.50" for Fixed<2>. */
export type Fixed<S extends number> = string & Tag<"fixed", S>;
/** A rational written "p/q". */
export type Ratio = string & Tag<"ratio", true>;
