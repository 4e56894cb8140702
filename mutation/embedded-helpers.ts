/**
 * vitest setup for modules whose functions the compiled back end embeds as source text
 * (`calendarOk.toString()`, `splitTemplate.toString()`, ...). Under Stryker that text carries calls
 * to the instrumenter's helpers, which are local to the instrumented module; the generated
 * validator runs in a module of its own, where they would be undefined. These globals do what the
 * helpers do (StrykerJS 9, @stryker-mutator/instrumenter util/syntax-helpers.js), on the same
 * `globalThis.__stryker__` state, so a mutant in embedded code is active in both back ends, as the
 * same bug would be in a real build.
 */
interface StrykerState {
  activeMutant?: string;
  currentTestId?: string;
  hitCount?: number;
  hitLimit?: number;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}
const g = globalThis as typeof globalThis & { __stryker__?: StrykerState } & Record<string, unknown>;
const ns = (): StrykerState => {
  g.__stryker__ ??= {};
  return g.__stryker__;
};

g.stryNS_9fa48 = ns;
g.stryCov_9fa48 = (...ids: string[]): void => {
  const state = ns();
  state.mutantCoverage ??= { static: {}, perTest: {} };
  const cov = state.mutantCoverage;
  let c = cov.static;
  if (state.currentTestId) {
    cov.perTest[state.currentTestId] ??= {};
    c = cov.perTest[state.currentTestId]!;
  }
  for (const id of ids) c[id] = (c[id] ?? 0) + 1;
};
g.stryMutAct_9fa48 = (id: string): boolean => {
  const state = ns();
  if (state.activeMutant !== id) return false;
  if (state.hitCount !== undefined && ++state.hitCount > (state.hitLimit ?? Number.POSITIVE_INFINITY))
    throw new Error(`Stryker: Hit count limit reached (${state.hitCount})`);
  return true;
};
