/** Strongly connected components of a canonicalization graph (where recursion binders go). */
import type { Graph } from "./graph.js";

/** Strongly connected components (Tarjan, iterative) and the set of nodes that lie on a cycle. */
export function components(g: Graph): { scc: Map<number, number>; cyclic: Set<number> } {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const scc = new Map<number, number>();
  const cyclic = new Set<number>();
  let counter = 0;
  let comp = 0;
  for (const start of g.nodes.keys()) {
    if (g.find(start) !== start || index.has(start) || g.nodes[start]!.kind === "alias") continue;
    const work: [number, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v] = top;
      const children = g.nodes[v]!.children;
      if (top[1] < children.length) {
        const w = g.find(children[top[1]++]!);
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.set(w, comp);
          members.push(w);
        } while (w !== v);
        const selfLoop = g.nodes[v]!.children.some((c) => g.find(c) === v);
        if (members.length > 1 || selfLoop) for (const m of members) cyclic.add(m);
        comp++;
      }
    }
  }
  return { scc, cyclic };
}
