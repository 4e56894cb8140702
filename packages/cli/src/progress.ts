/** Progress for long runs: a redrawn bar on a terminal, a few plain lines in CI logs. */
export function progressReporter(label: string, interactive: boolean, write: (text: string) => void) {
  let lastPercent = -1;
  const started = Date.now();
  return {
    update(done: number, total: number): void {
      if (total === 0) return;
      const percent = Math.floor((done / total) * 100);
      if (interactive) {
        if (percent === lastPercent) return;
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      } else if (percent >= lastPercent + 25 || done === total) {
        write(`${label}: ${done}/${total} files\n`);
      } else return;
      lastPercent = percent;
    },
    done(summary: string): void {
      if (interactive && lastPercent >= 0) write("\r\x1b[2K");
      write(`${summary} (${Date.now() - started} ms)\n`);
    },
  };
}
