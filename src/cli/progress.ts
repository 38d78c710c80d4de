/**
 * A progress bar on stderr, drawn only when stderr is a terminal (CI logs and pipes stay clean).
 */
export function progressBar(enabled: boolean): (done: number, total: number, label?: string) => void {
  const tty = enabled && process.stderr.isTTY;
  let last = 0;
  return (done, total, label) => {
    if (!tty) return;
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    process.stderr.write(`\r[${bar}] ${done}/${total}${label ? ' ' + label : ''}`.padEnd(79).slice(0, 79));
    if (done >= total) process.stderr.write('\n');
  };
}
