// Redaction's cost (issue 13): transitions per second of the token transfer on the in-memory store
// with no redacted field, and with a redacted input field (the password) whose value also goes into
// an effect's params and the state, so every journal entry, queue entry, effect record and event is
// redacted by path and scrubbed by value. Interleaved rounds in one process; the ratio is the figure.
import { readFileSync } from "node:fs";
import { defineDataflow, MemoryStore, Orchestrator, typedDomain } from "@causality/runtime";
import { t } from "@causality/schema";

const spec = JSON.parse(
  readFileSync(new URL("../../fixtures/dataflows/token-transfer.json", import.meta.url), "utf8"),
);
const output = t.record({ ok: t.bool(), receipt: t.union(t.string(), t.null()) });
const status = t.union(
  t.literal("pending"),
  t.literal("validated"),
  t.literal("emitted"),
  t.literal("failed"),
);

function flow(redacted) {
  const mark = (x) => (redacted ? t.redacted(x) : x);
  const input = t.record({
    sender: t.string(),
    recipient: t.string(),
    amount: t.u64(),
    password: mark(t.string()),
  });
  const state = t.record({
    status,
    attempts: t.u32(),
    receipt: t.optionalField(t.string()),
    session: mark(t.optionalField(t.string())),
  });
  const nodes = spec.nodes.map((n) =>
    n.id === "check"
      ? { ...n, effect: { ...n.effect, params: { ...n.effect.params, auth: "${input.password}" } } }
      : n,
  );
  return defineDataflow(
    {
      ...spec,
      nodes,
      initialState: '(record "status" "pending" "attempts" 0 "session" (str "s:" (get input "password")))',
    },
    { input, output, state },
  );
}

const flows = { plain: flow(false), redacted: flow(true) };
const N = Number(process.env.N ?? 1500);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function round(which) {
  let events = 0;
  const orchestrator = new Orchestrator({
    store: new MemoryStore(),
    domains: [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")],
    executors: {
      ledger: async () => ({ ok: true }),
      chain: async (e) => ({ receipt: `r-${e.params.from}` }),
    },
    onEvent: () => events++,
    sleep: async () => {},
  });
  let transitions = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const inst = await orchestrator.start(flows[which], {
      sender: `s${i}`,
      recipient: "bob",
      amount: 5,
      password: `pw-${i}-correct-horse`,
    });
    const done = await orchestrator.run(inst.id);
    transitions += done.version;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return transitions / s;
}

const rates = { plain: [], redacted: [] };
await round("plain");
await round("redacted"); // warm-up
for (let r = 0; r < ROUNDS; r++)
  for (const which of r % 2 === 0 ? ["plain", "redacted"] : ["redacted", "plain"])
    rates[which].push(await round(which));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = median(rates.plain);
const redacted = median(rates.redacted);
console.log(`token transfer, ${N} instances x ${ROUNDS} rounds, in-memory store (median transitions/s)`);
console.log(`  no redacted field      ${Math.round(plain)}`);
console.log(`  redacted password      ${Math.round(redacted)}`);
console.log(`  redacted / plain       ${(redacted / plain).toFixed(2)}x`);
