// The worst handler programs we could build: each tries to make one step (or one nested
// evaluation) do as much work as it can, and to take as many such steps as the default budget
// allows. `loop(n, body)` runs `body` about 2^n times within the call depth limit (a binary tree
// of calls), so the step budget, not the depth, is what has to stop it. Big data comes in as the
// instance's `input` (converted before the clock starts), as a real handler's state would.
const loop = (n, body) => `(do (defn t (n) (if (= n 0) ${body} (do (t (- n 1)) (t (- n 1))))) (t ${n}))`;

const ints = (n) => Array.from({ length: n }, (_, i) => i);

export const CASES = [
  {
    name: "baseline: 100,000 plain steps (additions)",
    source: loop(20, "(+ 1 2)"),
  },
  {
    name: "concat of a 50k-element list, again and again",
    input: { l: ints(50_000) },
    source: `(let ((l (get input "l"))) ${loop(20, "(len (concat l l))")})`,
  },
  {
    name: "= on two equal 100k-element lists, again and again",
    input: { a: ints(100_000), b: ints(100_000) },
    source: `(let ((a (get input "a")) (b (get input "b"))) ${loop(20, "(= a b)")})`,
  },
  {
    name: "= on nested lists sharing parts (weight ~500k each)",
    input: { l: ints(8_000) },
    source: `(let ((a (let ((l (get input "l"))) (list ${"l ".repeat(60)})))
                   (b (let ((l (concat (get input "l")))) (list ${"l ".repeat(60)}))))
               ${loop(20, "(= a b)")})`,
  },
  {
    name: "str of a 15k-element list, again and again",
    input: { l: ints(15_000) },
    source: `(let ((l (get input "l"))) ${loop(20, "(len (str l))")})`,
  },
  {
    name: "assoc and keys on a 50k-entry record, again and again",
    input: { r: Object.fromEntries(ints(50_000).map((i) => [`k${i}`, i])) },
    source: `(let ((r (get input "r"))) ${loop(20, '(len (keys (assoc r "x" 1)))')})`,
  },
  {
    name: "validate-input-against-schema on a 100k-element value",
    nested: true,
    input: { l: ints(100_000) },
    source: `(let ((l (get input "l"))) ${loop(20, "(validate-input-against-schema l)")})`,
  },
  {
    name: "multiplying 4000-bit integers",
    source: `(let ((x (- (* 1 ${"9".repeat(600)}) 1))) ${loop(20, "(* x x)")})`,
  },
  {
    name: "nested evaluate-gating-condition, 6 calls per level, 7 levels",
    nested: true,
    source: `(let ((d (get state "d" 0)))
      (if (< d 7)
        (do ${'(evaluate-gating-condition "c" {"d" (+ d 1)}) '.repeat(6)} true)
        (do ${loop(11, "(len (list 1 2 3))")} true)))`,
  },
  {
    name: "nested evaluate-gating-condition with a 200k-element input",
    nested: true,
    input: { l: ints(200_000) },
    source: `(if (= (get state "d" 0) 0) ${loop(14, '(evaluate-gating-condition "c" {"d" 1})')} true)`,
  },
];
