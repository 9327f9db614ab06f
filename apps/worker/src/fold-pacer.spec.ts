import { FoldPacer } from './fold-pacer';

describe('FoldPacer', () => {
  it('lets the first tick fold', () => {
    expect(new FoldPacer(3).mayFold(0)).toBe(true);
  });

  it('rests three times as long as the last fold took', () => {
    const pacer = new FoldPacer(3);
    pacer.folded(1_000, 1_400); // a 400 ms fold: rest until 2_600
    expect(pacer.mayFold(1_500)).toBe(false);
    expect(pacer.mayFold(2_599)).toBe(false);
    expect(pacer.mayFold(2_600)).toBe(true);
  });

  it('does not hold back the next tick after a quick fold', () => {
    const pacer = new FoldPacer(3);
    pacer.folded(10_000, 10_020); // 20 ms: rest 60 ms, well inside a 1 s tick
    expect(pacer.mayFold(11_000)).toBe(true);
  });

  it('follows the latest fold, not the longest', () => {
    const pacer = new FoldPacer(3);
    pacer.folded(0, 1_000);
    pacer.folded(5_000, 5_010);
    expect(pacer.mayFold(5_100)).toBe(true);
  });
});
