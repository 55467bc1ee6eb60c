/**
 * The dossier's order of signatories (functions/rules/signatory-order.ts): by text version, then by
 * confirmation or by name in the dossier's language, the same whatever order storage gave.
 */
import { describe, expect, it } from 'vitest';
import { orderSignatories, SignatoryTable } from '#rules/signatory-order.ts';

const rows = [
  { name: 'Hrubý Petr', confirmedAt: '2026-11-03T10:00:00.000Z', textVersion: 1 },
  { name: 'Chalupa Jan', confirmedAt: '2026-11-01T10:00:00.000Z', textVersion: 1 },
  { name: 'Cibulka Eva', confirmedAt: '2026-11-02T10:00:00.000Z', textVersion: 2 },
  { name: 'Čapek Karel', confirmedAt: '2026-11-04T10:00:00.000Z', textVersion: 1 },
  { name: 'Adam Zelený', confirmedAt: '2026-11-04T10:00:00.000Z', textVersion: 1 },
];
const names = (list: { name: string }[]) => list.map((r) => r.name);
/** Every rotation of the list: storage order must not matter. */
const rotations = <T>(list: T[]) => list.map((_, i) => [...list.slice(i), ...list.slice(0, i)]);

describe('orderSignatories', () => {
  it('groups by text version, then lists in confirmation order (ties by name)', () => {
    for (const list of rotations(rows)) {
      expect(names(orderSignatories([...list], 'confirmed', 'en'))).toEqual(['Chalupa Jan', 'Hrubý Petr', 'Adam Zelený', 'Čapek Karel', 'Cibulka Eva']);
    }
  });

  it("sorts by name with the dossier language's collation: Czech puts Č after C and Ch after H", () => {
    for (const list of rotations(rows)) {
      expect(names(orderSignatories([...list], 'name', 'cs'))).toEqual(['Adam Zelený', 'Čapek Karel', 'Hrubý Petr', 'Chalupa Jan', 'Cibulka Eva']);
      expect(names(orderSignatories([...list], 'name', 'en'))).toEqual(['Adam Zelený', 'Čapek Karel', 'Chalupa Jan', 'Hrubý Petr', 'Cibulka Eva']);
    }
  });

  it('sorts Georgian, Armenian and Cyrillic names in their own alphabets', () => {
    const list = (n: string[]) => n.map((name) => ({ name, confirmedAt: '2026-11-01T00:00:00.000Z' }));
    expect(names(orderSignatories(list(['ნინო', 'გიორგი', 'ანა', 'თამარ']), 'name', 'ka'))).toEqual(['ანა', 'გიორგი', 'თამარ', 'ნინო']);
    expect(names(orderSignatories(list(['Նարե', 'Արամ', 'Հակոբ', 'Բագրատ']), 'name', 'hy'))).toEqual(['Արամ', 'Բագրատ', 'Հակոբ', 'Նարե']);
    expect(names(orderSignatories(list(['Ярослав', 'Ёлкин', 'Елена', 'Жанна']), 'name', 'ru'))).toEqual(['Елена', 'Ёлкин', 'Жанна', 'Ярослав']);
  });

  it('holds a list in columns and orders it exactly as orderSignatories does, as often as it is read', () => {
    const withFields = rows.map((r, i) => ({ ...r, country: i % 2 ? 'GE' : 'CZ', ...(i === 2 ? { comment: 'Svoboda!' } : {}) }));
    for (const order of ['confirmed', 'name'] as const) {
      for (const list of rotations(withFields)) {
        const table = new SignatoryTable();
        for (const row of list) table.push(row);
        table.sort(order, 'cs');
        const expected = orderSignatories([...list], order, 'cs');
        expect([...table.rows()]).toEqual(expected);
        expect([...table.rows()]).toEqual(expected);
      }
    }
    const unsorted = new SignatoryTable();
    unsorted.push({ name: 'B' });
    unsorted.push({ name: 'A', textVersion: 3 });
    expect([...unsorted.rows()]).toEqual([{ name: 'B', textVersion: 1 }, { name: 'A', textVersion: 3 }]);
    expect(unsorted.signedVersions()).toEqual([1, 3]);
  });
});
