import { t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { assignKeys } from "./schema-keys.js";

const item = t.record({ name: t.string() });
const other = t.record({ other: t.bool() });

describe("assignKeys", () => {
  it("merges finds of one schema under one key and joins their roles", () => {
    const keys = assignKeys([
      { key: "src/t.ts#Item", line: 3, role: "input", importName: "Item", expr: item },
      { key: "src/t.ts#Item", line: 9, role: "output", expr: t.record({ name: t.string() }) },
    ]);
    expect([...keys.keys()]).toEqual(["src/t.ts#Item"]);
    expect(keys.get("src/t.ts#Item")).toMatchObject({
      name: "Item",
      file: "src/t.ts",
      importName: "Item",
      roles: new Set(["input", "output"]),
    });
  });

  it("never gives a different schema the TypeExpr of the one that took the key first", () => {
    // `Page<Item>` instantiated with two different types that are both called Item.
    const page = (of: ReturnType<typeof t.record>) => t.record({ items: t.list(of) });
    const keys = assignKeys([
      { key: "src/t.ts#Page<Item>", line: 4, expr: page(item) },
      { key: "src/t.ts#Page<Item>", line: 7, expr: page(other) },
      { key: "src/t.ts#Page<Item>", line: 8, expr: page(other) },
      { key: "src/t.ts#Page<Item>", line: 9, expr: page(item) },
    ]);
    expect([...keys.keys()]).toEqual(["src/t.ts#Page<Item>", "src/t.ts#Page<Item>@7"]);
    expect(keys.get("src/t.ts#Page<Item>")!.expr).toEqual(page(item));
    expect(keys.get("src/t.ts#Page<Item>@7")!.expr).toEqual(page(other));
  });

  it("numbers different schemas that want the same key on the same line", () => {
    const keys = assignKeys([
      { key: "src/x.ts#typeSchema@5", line: 5, expr: item },
      { key: "src/x.ts#typeSchema@5", line: 5, expr: other },
      { key: "src/x.ts#typeSchema@5", line: 5, expr: t.string() },
    ]);
    expect([...keys.keys()]).toEqual([
      "src/x.ts#typeSchema@5",
      "src/x.ts#typeSchema@5.2",
      "src/x.ts#typeSchema@5.3",
    ]);
  });
});
