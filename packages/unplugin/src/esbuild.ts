import { causality } from "./plugin.js";

/** The Causality TS transform as a esbuild plugin. */
export default causality.esbuild;
