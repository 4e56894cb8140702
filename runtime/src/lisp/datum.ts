/**
 * Forms as data, without evaluating them: what `(quote x)` gives and what `readValue` reads.
 * A symbol becomes its name (a string); a record's keys must be strings (or symbols).
 */
import { LispError } from "./errors.js";
import type { Form } from "./reader.js";
import { Rec, type Value } from "./values.js";

export function datum(f: Form): Value {
  switch (f.type) {
    case "int":
    case "float":
    case "str":
    case "bool":
      return f.value;
    case "nil":
      return null;
    case "sym":
      return f.name;
    case "list":
      return f.items.map(datum);
    case "rec": {
      const m = new Map<string, Value>();
      for (const [k, v] of f.entries) {
        if (k.type !== "str" && k.type !== "sym")
          throw new LispError("LISP4003_TYPE", "record keys are strings", k.pos);
        m.set(k.type === "str" ? k.value : k.name, datum(v));
      }
      return new Rec(m);
    }
  }
}
