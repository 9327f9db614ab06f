import type { Schemas } from '../../api-client/client';

export type Unit = Schemas['OrgUnitView'];

/** A unit as a picker shows it: its place in the tree (depth) and its path of names. */
export interface PlacedUnit extends Unit {
  depth: number;
  /** "Tỉnh đoàn › Huyện A › Xã B": what tells two "Xã B" apart. */
  trail: string;
}

/**
 * The units the reader may see, in tree order (each parent before its children, siblings by
 * Vietnamese name). A unit whose parent is out of scope is a root of the reader's tree.
 */
export function placeUnits(units: readonly Unit[]): PlacedUnit[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && byId.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  // Vietnamese order, numbers as numbers: "Chi bộ số 2" before "Chi bộ số 10" (as the API sorts units).
  const collator = new Intl.Collator('vi', { numeric: true });
  const placed: PlacedUnit[] = [];
  const visit = (parent: string | null, depth: number, trail: string) => {
    for (const unit of (children.get(parent) ?? []).sort((a, b) => collator.compare(a.name, b.name))) {
      const own = trail ? `${trail} › ${unit.name}` : unit.name;
      placed.push({ ...unit, depth, trail: own });
      visit(unit.id, depth + 1, own);
    }
  };
  visit(null, 0, '');
  return placed;
}

/** The unit and every unit under it: what "assign to a unit" reaches. */
export function subtreeOf(units: readonly PlacedUnit[], unitId: string): PlacedUnit[] {
  const root = units.find((unit) => unit.id === unitId);
  if (!root) return [];
  return units.filter((unit) => unit.id === unitId || unit.trail.startsWith(`${root.trail} › `));
}

/** Text folded for matching as a person types: "Đức" and "duc" meet, whatever the accents. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
