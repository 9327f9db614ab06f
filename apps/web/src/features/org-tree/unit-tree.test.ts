import { describe, expect, it } from 'vitest';
import { foldForSearch, placeUnits, subtreeOf, type Unit } from './unit-tree';

const unit = (id: string, name: string, parentId: string | null): Unit => ({ id, name, parentId, code: null, active: true, deactivatedAt: null, createdAt: '', updatedAt: '' });

describe('the unit tree as a picker shows it', () => {
  const units = [unit('3', 'Xã Bình', '2'), unit('2', 'Huyện A', '1'), unit('1', 'Tỉnh đoàn', null), unit('4', 'Đội Ân', '1')];

  it('puts each parent before its children, siblings in Vietnamese order', () => {
    expect(placeUnits(units).map((u) => [u.name, u.depth])).toEqual([
      ['Tỉnh đoàn', 0],
      ['Đội Ân', 1],
      ['Huyện A', 1],
      ['Xã Bình', 2],
    ]);
  });

  it('names a unit by its trail, and a subtree holds its descendants only', () => {
    const placed = placeUnits(units);
    expect(placed.find((u) => u.id === '3')?.trail).toBe('Tỉnh đoàn › Huyện A › Xã Bình');
    expect(subtreeOf(placed, '2').map((u) => u.id)).toEqual(['2', '3']);
  });

  it('treats a unit whose parent is out of scope as a root', () => {
    expect(placeUnits([unit('3', 'Xã Bình', '2')])[0]).toMatchObject({ depth: 0, trail: 'Xã Bình' });
  });

  it('orders numbered units as numbers', () => {
    const numbered = [unit('1', 'Đảng bộ', null), unit('2', 'Chi bộ số 10', '1'), unit('3', 'Chi bộ số 2', '1')];
    expect(placeUnits(numbered).map((u) => u.name)).toEqual(['Đảng bộ', 'Chi bộ số 2', 'Chi bộ số 10']);
  });

  it('matches without accents', () => {
    expect(foldForSearch('Nguyễn Văn Đức')).toBe('nguyen van duc');
  });
});
