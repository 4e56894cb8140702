export {
  type DataflowSchemas,
  type DataflowSpec,
  type DefinedDataflow,
  defineDataflow,
  type InjectedSchemas,
} from "./define-dataflow.js";
export * from "./domains/typed-domain.js";
export * from "./lisp/index.js";
export * from "./optimizer/index.js";
