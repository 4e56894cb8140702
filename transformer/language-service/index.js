"use strict";
/**
 * TypeScript language-service plugin: `"plugins": [{ "name": "@causality/transformer/language-service" }]`
 * next to the ts-patch transform, so editors show the analyzer's diagnostics (TS91001-TS91011)
 * while typing. tsserver loads plugins with require(); the analyzer is an ES module, so it is
 * imported once, asynchronously, and the project is asked to refresh its diagnostics when it is in.
 */
function init({ typescript }) {
  let analysis;
  const ready = import("../dist/language-service.js").then((m) => {
    analysis = m;
  });
  return {
    ready,
    create(info) {
      const ls = info.languageService;
      const proxy = Object.create(null);
      for (const key of Object.keys(ls)) {
        const member = ls[key];
        proxy[key] = typeof member === "function" ? (...args) => member.apply(ls, args) : member;
      }
      proxy.getSemanticDiagnostics = (fileName) => {
        const prior = ls.getSemanticDiagnostics(fileName);
        if (!analysis) {
          ready.then(() => info.project?.refreshDiagnostics?.());
          return prior;
        }
        const program = ls.getProgram();
        if (!program) return prior;
        try {
          return [...prior, ...analysis.schemaDiagnostics(typescript, program, fileName)];
        } catch (e) {
          // An editor must keep working: report the failure in the log, not as a crash.
          info.project?.projectService?.logger?.info?.(`[causality] ${e instanceof Error ? e.stack : e}`);
          return prior;
        }
      };
      return proxy;
    },
  };
}
module.exports = init;
