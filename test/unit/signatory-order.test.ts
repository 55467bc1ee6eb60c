/**
 * The dossier's order of signatories (functions/domain/signatory-order.ts): by text version, then by
 * confirmation or by name in the dossier's language, the same whatever order storage gave.
 */
import { describe, expect, it } from 'vitest';
import { orderSignatories } from '#domain/signatory-order.ts';

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
});
