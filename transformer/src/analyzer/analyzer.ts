/**
 * TypeScript type -> TypeExpr, over the checker. The stand-in for `#[derive(TypeSchema)]`.
 *
 * It takes the `ts` namespace it is given (never its own copy), so the ts-patch plugin and the
 * CLI, whichever TypeScript they run, produce the same TypeExprs and ids. Types are converted
 * structurally as the checker resolves them (mapped, conditional and generic types arrive
 * already instantiated). A type met again while it is being converted is a recursion: it gets a
 * `recursive` binder at its first occurrence and `ref`s below. What cannot be data is reported
 * as a diagnostic with a stable code and the path inside the type, never as a silent `any`.
 */
import type { TypeExpr } from "@causality/schema/core";
import type ts from "typescript";
import { arrayLike } from "./array-like.js";
import { binaryAdvice, uint8ArraySubclass } from "./binary.js";
import {
  docOf,
  hasMethods,
  isClassMember,
  isGlobalLib,
  isPublicDataMember,
  isRedacted,
  LIB_TYPES,
} from "./declarations.js";
import { type AnalyzerDiagnostic, DIAGNOSTIC, type DiagnosticCode } from "./diagnostics.js";
import { enumOf, isEnumUnion } from "./enums.js";
import { genericOrigin, growsFrom, MAX_NESTING, MAX_SELF_INSTANTIATIONS } from "./recursion-limits.js";
import { readRefinement } from "./refinement.js";
import { bindRefs, withoutUndefined } from "./rewrite.js";

type TS = typeof ts;

export interface AnalyzeResult {
  readonly expr: TypeExpr;
  readonly diagnostics: readonly AnalyzerDiagnostic[];
}

interface Frame {
  readonly type: ts.Type;
  readonly binder: string;
  /** The generic declaration this type instantiates, if any (see recursion-limits.ts). */
  readonly origin: object | undefined;
  referenced: boolean;
}

const TAG_PROPERTY = "~causality";

export class Analyzer {
  private readonly cache = new Map<ts.Type, AnalyzeResult>();
  /** Nested types converted without diagnostics and without refs to an enclosing binder, shared by every call. */
  private readonly closed = new Map<ts.Type, TypeExpr>();

  constructor(
    private readonly ts: TS,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** Converts `type`; `node` locates diagnostics (the type argument or declaration). */
  analyze(type: ts.Type, node: ts.Node, rootName?: string): AnalyzeResult {
    const hit = this.cache.get(type);
    if (hit) return hit;
    const run = new Conversion(this.ts, this.checker, this.closed);
    const raw = run.convert(type, rootName ?? this.displayName(type), node);
    const result: AnalyzeResult = {
      expr: run.diagnostics.length > 0 ? raw : bindRefs(raw, []),
      diagnostics: run.diagnostics,
    };
    this.cache.set(type, result);
    return result;
  }

  private displayName(type: ts.Type): string {
    const symbol = type.getSymbol()?.name;
    return type.aliasSymbol?.name ?? (symbol && !symbol.startsWith("__") ? symbol : "$");
  }
}

class Conversion {
  readonly diagnostics: AnalyzerDiagnostic[] = [];
  private readonly stack: Frame[] = [];
  private binderNames = new Map<string, number>();

  /** Stack depth of the outermost frame a ref points at since the innermost withRecursion began. */
  private outermostRef = Number.POSITIVE_INFINITY;

  constructor(
    private readonly ts: TS,
    private readonly checker: ts.TypeChecker,
    private readonly closed: Map<ts.Type, TypeExpr>,
  ) {}

  private report(code: DiagnosticCode, path: string, node: ts.Node, detail?: string): TypeExpr {
    const sf = node.getSourceFile();
    const start = node.getStart(sf);
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    const message = `${DIAGNOSTIC[code].message}${detail ? `: ${detail}` : ""} (at ${path})`;
    this.diagnostics.push({
      code: DIAGNOSTIC[code].code,
      name: code,
      message,
      path,
      file: sf.fileName,
      line: line + 1,
      column: character + 1,
      start,
      length: node.getWidth(sf),
    });
    return { kind: "any" };
  }

  convert(type: ts.Type, path: string, node: ts.Node): TypeExpr {
    const f = this.ts.TypeFlags;
    const flags = type.flags;
    // TypeScript's error type is an `any` too; a misspelled name must not become "anything goes".
    if (flags & f.Any && (type as { intrinsicName?: string }).intrinsicName === "error") {
      return this.report("UnresolvedType", path, node, this.checker.typeToString(type));
    }
    if (flags & (f.Any | f.Unknown)) return { kind: "any" };
    if (flags & f.Never) return this.report("NeverInData", path, node);
    if (flags & f.String) return { kind: "string" };
    if (flags & f.Number) return { kind: "number" };
    if (flags & f.BigInt) return { kind: "bigint" };
    if (flags & f.Boolean) return { kind: "bool" };
    if (flags & f.Null) return { kind: "unit" };
    if (flags & (f.Undefined | f.Void)) return { kind: "undefined" };
    if (flags & f.StringLiteral) return { kind: "literal", value: (type as ts.StringLiteralType).value };
    if (flags & f.NumberLiteral) return { kind: "literal", value: (type as ts.NumberLiteralType).value };
    if (flags & f.BigIntLiteral) {
      const v = (type as ts.BigIntLiteralType).value;
      return {
        kind: "bigintLiteral",
        value: `${v.negative && v.base10Value !== "0" ? "-" : ""}${v.base10Value}`,
      };
    }
    if (flags & f.BooleanLiteral)
      return { kind: "literal", value: (type as { intrinsicName?: string }).intrinsicName === "true" };
    if (flags & (f.ESSymbol | f.UniqueESSymbol)) return this.report("SymbolInData", path, node);
    if (flags & (f.TypeParameter | f.Conditional | f.Substitution | f.Index | f.IndexedAccess)) {
      return this.report("UnresolvedTypeParameter", path, node, this.checker.typeToString(type));
    }
    if (flags & f.TemplateLiteral) {
      const tl = type as ts.TemplateLiteralType;
      return {
        kind: "template",
        texts: [...tl.texts],
        types: tl.types.map((t, i) => this.convert(t, `${path}\${${i}}`, node)),
      };
    }
    if (flags & f.StringMapping) return { kind: "string" };
    if (
      flags & f.Enum ||
      (flags & f.Union && type.aliasSymbol === undefined && isEnumUnion(this.ts, type as ts.UnionType))
    ) {
      return this.enumOf(type, path, node);
    }
    if (flags & f.EnumLiteral && flags & f.Union) return this.enumOf(type, path, node);
    if (flags & f.Union)
      return this.withRecursion(type, path, node, () => ({
        kind: "union",
        members: (type as ts.UnionType).types.map((t) => this.convert(t, path, node)),
      }));
    if (flags & f.Intersection) return this.intersection(type as ts.IntersectionType, path, node);
    if (flags & f.Object)
      return this.withRecursion(type, path, node, () => this.object(type as ts.ObjectType, path, node));
    if (flags & f.NonPrimitive) return { kind: "record", fields: [] };
    return this.report("Unsupported", path, node, this.checker.typeToString(type));
  }

  /** Converts with cycle detection: a type met again on the stack becomes a ref to its binder. */
  private withRecursion(type: ts.Type, path: string, node: ts.Node, body: () => TypeExpr): TypeExpr {
    const at = this.stack.findIndex((fr) => fr.type === type);
    if (at >= 0) {
      this.stack[at]!.referenced = true;
      this.outermostRef = Math.min(this.outermostRef, at);
      return { kind: "ref", name: this.stack[at]!.binder } as TypeExpr;
    }
    // A type that never comes back to itself (`Deep<T>` holding a `Deep<Deep<T>>`) would be
    // expanded until the stack overflows: stop with a diagnostic instead.
    const origin = genericOrigin(this.ts, type);
    const open = origin ? this.stack.filter((fr) => fr.origin === origin) : [];
    if (open.length >= MAX_SELF_INSTANTIATIONS || open.some((fr) => growsFrom(this.checker, type, fr.type))) {
      return this.report("NonRegularRecursion", path, node, this.checker.typeToString(type));
    }
    if (this.stack.length >= MAX_NESTING) {
      return this.report("Unsupported", path, node, `types nested more than ${MAX_NESTING} deep`);
    }
    // A type used in many places (one `Address` in 50 records) is converted once: a result is
    // reused when it needed no diagnostics and refers to no binder outside itself.
    const known = this.closed.get(type);
    if (known) return known;
    const depth = this.stack.length;
    const outer = this.outermostRef;
    const reported = this.diagnostics.length;
    this.outermostRef = Number.POSITIVE_INFINITY;
    const expr = this.convertFrame(type, body);
    if (this.outermostRef >= depth && this.diagnostics.length === reported) this.closed.set(type, expr);
    this.outermostRef = Math.min(outer, this.outermostRef);
    return expr;
  }

  private convertFrame(type: ts.Type, body: () => TypeExpr): TypeExpr {
    const base = type.aliasSymbol?.name ?? type.getSymbol()?.name ?? "Self";
    const n = (this.binderNames.get(base) ?? 0) + 1;
    this.binderNames.set(base, n);
    const self: Frame = {
      type,
      binder: n === 1 ? base : `${base}#${n}`,
      origin: genericOrigin(this.ts, type),
      referenced: false,
    };
    this.stack.push(self);
    try {
      const expr = body();
      return self.referenced ? { kind: "recursive", name: self.binder, body: expr } : expr;
    } finally {
      this.stack.pop();
    }
  }

  private enumOf(type: ts.Type, path: string, node: ts.Node): TypeExpr {
    const expr = enumOf(this.ts, type);
    return "error" in expr ? this.report("Unsupported", path, node, expr.error) : expr;
  }

  private intersection(type: ts.IntersectionType, path: string, node: ts.Node): TypeExpr {
    const tags = type.types.filter(
      (t) =>
        this.checker.getPropertyOfType(t, TAG_PROPERTY) !== undefined && t.flags & this.ts.TypeFlags.Object,
    );
    if (tags.length > 0) {
      const rest = type.types.filter((t) => !tags.includes(t));
      const base = this.parts(type, rest, path, node);
      const refined = readRefinement(this.ts, this.checker, base, tags, TAG_PROPERTY);
      if ("error" in refined) return this.report("BadRefinement", path, node, refined.error);
      return refined.expr;
    }
    return this.parts(type, type.types, path, node);
  }

  /** The members of an intersection (refinement tags already taken out). */
  private parts(whole: ts.Type, types: readonly ts.Type[], path: string, node: ts.Node): TypeExpr {
    const f = this.ts.TypeFlags;
    // A brand (`string & { __brand: "USD" }`): a primitive carries no properties at run time, so the
    // object part exists only for the type checker. The value is the primitive.
    const primitive = f.StringLike | f.NumberLike | f.BigIntLike | f.BooleanLike;
    const primitives = types.filter((t) => t.flags & primitive);
    if (primitives.length > 0 && types.every((t) => t.flags & (primitive | f.Object))) {
      return primitives.length === 1
        ? this.convert(primitives[0]!, path, node)
        : { kind: "intersection", members: primitives.map((t) => this.convert(t, path, node)) };
    }
    if (types.length === 1) return this.convert(types[0]!, path, node);
    // An intersection of object types is one object: the checker merges its properties.
    if (
      types.length === (whole as ts.IntersectionType).types?.length &&
      types.every((t) => t.flags & f.Object)
    ) {
      return this.withRecursion(whole, path, node, () =>
        this.object(whole as unknown as ts.ObjectType, path, node),
      );
    }
    return { kind: "intersection", members: types.map((t) => this.convert(t, path, node)) };
  }

  private object(type: ts.ObjectType, path: string, node: ts.Node): TypeExpr {
    const checker = this.checker;
    const symbol = type.getSymbol();
    const name = symbol?.name;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { kind: "list", element: this.convert(element!, `${path}[]`, node) };
    }
    if (checker.isTupleType(type)) return this.tuple(type as ts.TypeReference, path, node);
    const derived = arrayLike(this.ts, checker, type);
    if (derived && derived.extra.length > 0) {
      const own = derived.extra.join(", ");
      return this.report(
        "Unsupported",
        path,
        node,
        `an array type with members of its own (${own}); use a record`,
      );
    }
    if (derived) return { kind: "list", element: this.convert(derived.element, `${path}[]`, node) };
    if (name && LIB_TYPES.has(name) && isGlobalLib(symbol)) {
      const args = checker.getTypeArguments(type as ts.TypeReference);
      switch (name) {
        case "Date":
          return { kind: "date" };
        case "Uint8Array":
          return { kind: "bytes" };
        case "Map":
        case "ReadonlyMap":
          return {
            kind: "map",
            key: this.convert(args[0]!, `${path}<key>`, node),
            value: this.convert(args[1]!, `${path}<value>`, node),
          };
        case "Set":
        case "ReadonlySet":
          return { kind: "set", element: this.convert(args[0]!, `${path}[]`, node) };
        case "Promise":
        case "WeakMap":
        case "WeakSet":
        case "RegExp":
        case "Function":
          return this.report("NotData", path, node, name);
      }
    }
    if (checker.getSignaturesOfType(type, this.ts.SignatureKind.Call).length > 0) {
      return this.report("FunctionInData", path, node, checker.typeToString(type));
    }
    if (checker.getSignaturesOfType(type, this.ts.SignatureKind.Construct).length > 0) {
      return this.report("FunctionInData", path, node, `a class constructor (${checker.typeToString(type)})`);
    }
    // Other built-in objects (ArrayBuffer, typed arrays, Error...) are behaviour, not data: one
    // diagnostic at the field, rather than one per method inside the standard library.
    const subclass = uint8ArraySubclass(this.ts, checker, type);
    if (subclass) return this.report("NotData", path, node, subclass);
    if (name && !LIB_TYPES.has(name) && isGlobalLib(symbol) && hasMethods(this.ts, checker, type)) {
      return this.report("NotData", path, node, binaryAdvice(name) ?? name);
    }
    const fields: {
      name: string;
      type: TypeExpr;
      optional?: boolean;
      description?: string;
      redacted?: boolean;
    }[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      if (prop.name === TAG_PROPERTY) continue;
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (decl && isClassMember(this.ts, decl) && !isPublicDataMember(this.ts, decl)) continue;
      const fieldPath = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(prop.name)
        ? `${path}.${prop.name}`
        : `${path}[${JSON.stringify(prop.name)}]`;
      if (prop.flags & this.ts.SymbolFlags.Method && decl && isClassMember(this.ts, decl)) continue;
      // Symbol keys (`[Symbol.iterator]`, `[k]` with a unique symbol) get internal names that
      // change between programs; JSON has no such keys either.
      if ((prop.escapedName as string).startsWith("__@")) {
        const declName = (decl as ts.NamedDeclaration | undefined)?.name;
        const shown = declName ? declName.getText() : "[symbol]";
        fields.push({
          name: prop.name,
          type: this.report("SymbolInData", `${path}${shown}`, decl ?? node, `key ${shown}`),
        });
        continue;
      }
      const propType = checker.getTypeOfSymbolAtLocation(prop, decl ?? node);
      const where = decl ?? node;
      if (prop.flags & this.ts.SymbolFlags.Method) {
        fields.push({
          name: prop.name,
          type: this.report("FunctionInData", fieldPath, where, `method ${prop.name}`),
        });
        continue;
      }
      const optional = (prop.flags & this.ts.SymbolFlags.Optional) !== 0;
      const field: (typeof fields)[number] = {
        name: prop.name,
        type: this.valueOf(propType, fieldPath, where, decl),
      };
      if (optional) field.optional = true;
      const doc = docOf(this.ts, this.checker, prop);
      if (doc) field.description = doc;
      if (isRedacted(this.ts, prop)) field.redacted = true;
      fields.push(field);
    }
    const record: TypeExpr = { kind: "record", fields };
    const indexInfos = checker.getIndexInfosOfType(type);
    const dicts: TypeExpr[] = indexInfos.map((info) => ({
      kind: "dict",
      key: this.convert(info.keyType, `${path}<key>`, node),
      value: this.valueOf(info.type, `${path}[]`, info.declaration ?? node, info.declaration),
    }));
    const expr: TypeExpr =
      dicts.length === 0
        ? record
        : fields.length === 0 && dicts.length === 1
          ? dicts[0]!
          : { kind: "intersection", members: fields.length === 0 ? dicts : [record, ...dicts] };
    const declName = type.aliasSymbol?.name ?? (name && !name.startsWith("__") ? name : undefined);
    const doc = symbol ? docOf(this.ts, this.checker, symbol) : "";
    return {
      ...expr,
      ...(declName ? { name: declName } : {}),
      ...(doc ? { description: doc } : {}),
    } as TypeExpr;
  }

  /**
   * The type of a property or index signature. `never` there means "never present" (TypeScript
   * reads `{ a?: never }`, `Record<string, never>` that way): the key is absent or undefined. An
   * impossible intersection written there (`a: string & number`) is still a mistake, reported.
   */
  private valueOf(type: ts.Type, path: string, node: ts.Node, decl: ts.Declaration | undefined): TypeExpr {
    if (!(type.flags & this.ts.TypeFlags.Never)) return this.convert(type, path, node);
    const written = decl && (decl as { type?: ts.TypeNode }).type;
    if (written && this.ts.isIntersectionTypeNode(written)) return this.convert(type, path, node);
    return { kind: "undefined" };
  }

  private tuple(type: ts.TypeReference, path: string, node: ts.Node): TypeExpr {
    const target = type.target as ts.TupleType;
    const args = this.checker.getTypeArguments(type);
    const F = this.ts.ElementFlags;
    const elements = args.map((arg, i) => {
      const flags = target.elementFlags[i] ?? F.Required;
      const t = this.convert(arg, `${path}[${i}]`, node);
      if (flags & F.Variadic) {
        // `...T[]` spread of an array type: its element type is the rest item.
        if (t.kind === "list") return { type: t.element, kind: "rest" as const };
        return {
          type: this.report("Unsupported", `${path}[${i}]`, node, "variadic tuple element"),
          kind: "rest" as const,
        };
      }
      if (flags & F.Rest) return { type: t, kind: "rest" as const };
      // The checker adds `| undefined` to optional elements; the element being optional says it already.
      if (flags & F.Optional) return { type: withoutUndefined(t), kind: "optional" as const };
      return { type: t };
    });
    return { kind: "tuple", elements };
  }
}
