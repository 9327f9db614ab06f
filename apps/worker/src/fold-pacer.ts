/**
 * Keeps figure folds to a share of the time: after a fold that took T ms, the next may
 * start only once `restPerFold` × T ms have passed. At normal load a fold takes
 * milliseconds and every tick folds; under a storm of writes the folds grow, and resting
 * in proportion leaves the database's CPU to the writes while the figures lag a little.
 */
export class FoldPacer {
  private restUntil = 0;

  constructor(private readonly restPerFold: number) {}

  /** Whether a tick at `now` (ms) may fold. */
  mayFold(now: number): boolean {
    return now >= this.restUntil;
  }

  /** Records a fold that ran from `startedAt` to `finishedAt` (ms). */
  folded(startedAt: number, finishedAt: number): void {
    this.restUntil = finishedAt + (finishedAt - startedAt) * this.restPerFold;
  }
}
