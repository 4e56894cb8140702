import { causality } from "./plugin.js";

/** The Causality TS transform as a webpack plugin. */
export default causality.webpack;
