// The peers' definitions of the bench shapes, written the way each library's users write them.
// Each factory returns fresh validators (so each run gets its own inline caches where the library
// generates code: ajv and TypeBox compile with `new Function`; zod's checks are shared library code).
import { FormatRegistry, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Ajv2020 } from "ajv/dist/2020.js";
import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/;
FormatRegistry.Set("uuid", (v) => UUID.test(v));
FormatRegistry.Set("email", (v) => EMAIL.test(v));

/** ajv 8 over our JSON Schema export: `is` without and `validate` with allErrors. */
export function ajvValidators(jsonSchemas) {
  const make = (allErrors) => {
    const ajv = new Ajv2020({ strict: false, allErrors });
    ajv.addFormat("uuid", UUID);
    ajv.addFormat("email", EMAIL);
    return ajv;
  };
  const fast = make(false);
  const all = make(true);
  const is = {};
  const validate = {};
  for (const [name, schema] of Object.entries(jsonSchemas)) {
    is[name] = fast.compile(schema);
    const check = all.compile(schema);
    validate[name] = (v) =>
      check(v) ? { success: true, data: v } : { success: false, errors: check.errors };
  }
  return { is, validate };
}

const u32 = () => Type.Integer({ minimum: 0, maximum: 4294967295 });

function typeboxSchemas() {
  const Point = Type.Object({ x: Type.Number(), y: Type.Number() });
  const Leaf = Type.Object({
    name: Type.String(),
    value: Type.Number(),
    flag: Type.Boolean(),
    note: Type.Optional(Type.String()),
  });
  let deep = Leaf;
  for (let i = 0; i < 6; i++) {
    deep = Type.Object({ name: Type.String(), level: u32(), next: deep, note: Type.Optional(Type.String()) });
  }
  const kinds = (type, extra) => Type.Object({ type: Type.Literal(type), id: Type.String(), ...extra });
  return {
    flat: Type.Object({
      sender: Type.String({ minLength: 1 }),
      recipient: Type.String({ minLength: 1 }),
      amount: Type.Integer({ minimum: 0, maximum: 2 ** 64 - 1 }),
      token_type: Type.Union([Type.Literal("ETH"), Type.Literal("USDC")]),
      memo: Type.Optional(Type.String({ maxLength: 140 })),
    }),
    nested: Type.Object({
      id: Type.String({ format: "uuid" }),
      customer: Type.Object({ name: Type.String(), email: Type.Optional(Type.String({ format: "email" })) }),
      items: Type.Array(
        Type.Object({
          sku: Type.String(),
          qty: u32(),
          price: Type.Number({ minimum: 0 }),
          note: Type.Optional(Type.String()),
          tags: Type.Array(Type.String()),
        }),
      ),
      shipping: Type.Optional(Type.Object({ address: Type.String(), express: Type.Boolean() })),
      meta: Type.Record(Type.String(), Type.String()),
      status: Type.Union([Type.Literal("open"), Type.Literal("paid"), Type.Literal("shipped")]),
    }),
    catalog: Type.Object({
      store: Type.String({ minLength: 1 }),
      products: Type.Array(
        Type.Object({
          id: u32(),
          name: Type.String({ minLength: 1 }),
          price: Type.Number({ minimum: 0 }),
          inStock: Type.Boolean(),
          rating: Type.Optional(Type.Number()),
        }),
      ),
    }),
    deep,
    event: Type.Union([
      kinds("created", {}),
      kinds("updated", { fields: Type.Array(Type.String()) }),
      kinds("deleted", {}),
      kinds("moved", { to: Type.String() }),
      kinds("archived", { at: Type.Number() }),
      kinds("restored", { by: Type.Optional(Type.String()) }),
    ]),
    figure: Type.Union([
      Type.Object({ center: Point, radius: Type.Number() }),
      Type.Object({ origin: Point, width: Type.Number(), height: Type.Number() }),
      Type.Object({ points: Type.Array(Point), closed: Type.Boolean() }),
    ]),
    tree: Type.Recursive((This) =>
      Type.Object({ label: Type.String(), value: Type.Number(), children: Type.Array(This) }),
    ),
  };
}

/** TypeBox 0.34's compiler: `Check` as `is`. */
export function typeboxValidators() {
  const is = {};
  for (const [name, schema] of Object.entries(typeboxSchemas())) {
    const compiled = TypeCompiler.Compile(schema);
    is[name] = (v) => compiled.Check(v);
  }
  return { is };
}

function zodSchemas() {
  const u32z = () => z.number().int().min(0).max(4294967295);
  const Point = z.object({ x: z.number(), y: z.number() });
  let deep = z.object({
    name: z.string(),
    value: z.number(),
    flag: z.boolean(),
    note: z.string().optional(),
  });
  for (let i = 0; i < 6; i++) {
    deep = z.object({ name: z.string(), level: u32z(), next: deep, note: z.string().optional() });
  }
  const kinds = (type, extra) => z.object({ type: z.literal(type), id: z.string(), ...extra });
  const Tree = z.object({
    label: z.string(),
    value: z.number(),
    get children() {
      return z.array(Tree);
    },
  });
  return {
    flat: z.object({
      sender: z.string().min(1),
      recipient: z.string().min(1),
      amount: z.number().int().min(0),
      token_type: z.enum(["ETH", "USDC"]),
      memo: z.string().max(140).optional(),
    }),
    nested: z.object({
      id: z.uuid(),
      customer: z.object({ name: z.string(), email: z.email().optional() }),
      items: z.array(
        z.object({
          sku: z.string(),
          qty: u32z(),
          price: z.number().min(0),
          note: z.string().optional(),
          tags: z.array(z.string()),
        }),
      ),
      shipping: z.object({ address: z.string(), express: z.boolean() }).optional(),
      meta: z.record(z.string(), z.string()),
      status: z.enum(["open", "paid", "shipped"]),
    }),
    catalog: z.object({
      store: z.string().min(1),
      products: z.array(
        z.object({
          id: u32z(),
          name: z.string().min(1),
          price: z.number().min(0),
          inStock: z.boolean(),
          rating: z.number().optional(),
        }),
      ),
    }),
    deep,
    event: z.discriminatedUnion("type", [
      kinds("created", {}),
      kinds("updated", { fields: z.array(z.string()) }),
      kinds("deleted", {}),
      kinds("moved", { to: z.string() }),
      kinds("archived", { at: z.number() }),
      kinds("restored", { by: z.string().optional() }),
    ]),
    figure: z.union([
      z.object({ center: Point, radius: z.number() }),
      z.object({ origin: Point, width: z.number(), height: z.number() }),
      z.object({ points: z.array(Point), closed: z.boolean() }),
    ]),
    tree: Tree,
  };
}

/** zod 4: `safeParse(v).success` as `is`, `safeParse` (all issues) as `validate`. */
export function zodValidators() {
  const is = {};
  const validate = {};
  for (const [name, schema] of Object.entries(zodSchemas())) {
    is[name] = (v) => schema.safeParse(v).success;
    validate[name] = (v) => schema.safeParse(v);
  }
  return { is, validate };
}
