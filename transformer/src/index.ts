import { createTransformer } from "./plugin.js";

export { type AnalyzeResult, Analyzer } from "./analyzer/analyzer.js";
export {
  type AnalyzerDiagnostic,
  DIAGNOSTIC,
  type DiagnosticCode,
  missingTypeArgument,
} from "./analyzer/diagnostics.js";
export { type SchemaCall, type SchemaRole, schemaCallOf, schemaCallsIn } from "./call-sites.js";
export { dataflowDiagnostics } from "./dataflow-check.js";
export { type Emission, emissionOf } from "./emission.js";
export { createTransformer, type TransformerExtras } from "./plugin.js";

/** ts-patch entry point: `{ "transform": "@causality/transformer" }`. */
export default createTransformer;
