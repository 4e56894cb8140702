export {
  type DataflowSchemas,
  type DefinedDataflow,
  defineDataflow,
  type InjectedSchemas,
} from "./define-dataflow.js";
export * from "./domains/typed-domain.js";
