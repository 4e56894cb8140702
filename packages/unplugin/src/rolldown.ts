import { causality } from "./plugin.js";

/** The Causality TS transform as a rolldown plugin. */
export default causality.rolldown;
