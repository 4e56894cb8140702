import { causality } from "./plugin.js";

/** The Causality TS transform as a vite plugin. */
export default causality.vite;
