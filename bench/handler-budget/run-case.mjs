// Runs one case of cases.mjs once, at the default limits; prints {"ms", "cpuMs", "ended"} as JSON
// (CPU time is what the program cost; wall time also counts waiting on a loaded machine).
import { Interpreter, toLisp } from "../../runtime/dist/lisp/index.js";
import { handlerInterpreter } from "../../runtime/dist/orchestrator/handlers.js";
import { CASES } from "./cases.mjs";

const c = CASES[Number(process.argv[2])];
const input = c.input ?? {};
// A choice node whose condition is the case itself: `evaluate-gating-condition "c"` re-enters it.
// Its input schema accepts anything, so validation walks the whole value.
const accept = { is: () => true };
const def = {
  name: "bench",
  definitionId: "bench",
  nodes: [{ id: "c", kind: "choice", condition: c.source }],
  edges: [],
  schemas: { input: accept, output: accept, state: accept },
};
const interp = c.nested
  ? handlerInterpreter(new Map(), def, { node: "c", instance: "i", input, state: {} })
  : new Interpreter();
const bindings = { input: toLisp(input), state: toLisp({}) };
const started = performance.now();
const cpu = process.cpuUsage();
let ended = "returned";
try {
  interp.run(c.source, bindings);
} catch (e) {
  ended = String(e.message ?? e).slice(0, 60);
}
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, ended }),
);
