/** Lexical scopes: a name is looked up here, then in the enclosing scopes. */
import type { Value } from "./values.js";

export class Env {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly parent?: Env) {}
  get(name: string): Value | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.get(name);
  }
  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}
