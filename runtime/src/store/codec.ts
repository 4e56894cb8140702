/**
 * Values as JSON for the store's jsonb columns, without loss: inputs and states may hold what JSON
 * cannot (bigint, Date, Map, Set, Uint8Array, undefined, NaN, ±Infinity, -0, a NUL in a string). Each such value is
 * an object with one key "$" naming its kind; an object that happens to have a "$" key is wrapped
 * too, so decoding is exact.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encode(value: unknown): Json {
  if (value === null || typeof value === "boolean") return value;
  // PostgreSQL's jsonb holds no NUL character: such a string is kept as its pieces.
  if (typeof value === "string")
    return value.includes("\u0000") ? { $: "nul", v: value.split("\u0000") } : value;
  if (value === undefined) return { $: "undefined" };
  if (typeof value === "number") {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $: "number", v: String(Object.is(value, -0) ? "-0" : value) };
  }
  if (typeof value === "bigint") return { $: "bigint", v: value.toString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Date) return { $: "date", v: value.getTime() };
  if (value instanceof Map) return { $: "map", v: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $: "set", v: [...value].map(encode) };
  if (value instanceof Uint8Array) return { $: "bytes", v: Buffer.from(value).toString("base64") };
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v);
    return Object.hasOwn(out, "$") ? { $: "object", v: out } : out;
  }
  throw new TypeError(`cannot store a ${typeof value}`);
}

export function decode(json: unknown): unknown {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(decode);
  const o = json as Record<string, unknown>;
  if (typeof o.$ === "string") {
    const v = o.v;
    switch (o.$) {
      case "undefined":
        return undefined;
      case "nul":
        return (v as string[]).join("\u0000");
      case "number":
        return v === "-0" ? -0 : Number(v);
      case "bigint":
        return BigInt(v as string);
      case "date":
        return new Date(v as number);
      case "map":
        return new Map((v as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
      case "set":
        return new Set((v as unknown[]).map(decode));
      case "bytes":
        return new Uint8Array(Buffer.from(v as string, "base64"));
      case "object":
        return decodeObject(v as Record<string, unknown>);
    }
  }
  return decodeObject(o);
}

function decodeObject(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty keeps an own "__proto__" key an ordinary key.
  for (const [k, v] of Object.entries(o))
    Object.defineProperty(out, k, { value: decode(v), enumerable: true, writable: true, configurable: true });
  return out;
}
