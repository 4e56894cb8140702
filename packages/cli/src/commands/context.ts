/** What a command gets from the outside world: the directory and the output streams (tests swap them). */
export interface CommandContext {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bar) rather than a CI log (plain lines). */
  readonly interactive: boolean;
}
