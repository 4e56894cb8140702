import { causality } from "./plugin.js";

/** The Causality TS transform as a rollup plugin. */
export default causality.rollup;
