import { causality } from "./plugin.js";

/** The Causality TS transform as a rspack plugin. */
export default causality.rspack;
