/** The peak RSS and V8 heap (bytes) of a benchmark's run, over the samples it takes (`sample()`, a `process.memoryUsage()` each). */
export class MemoryPeaks {
  rss = 0;
  heap = 0;
  /** Takes one sample. */
  readonly sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  };
}
