/**
 * The arrows between the folders of `functions/` point one way (issue #15, item 3):
 *
 *   handlers (http/, streams/, jobs/) → usecases/ → adapters (store/, mail/, documents/, crypto/) → rules/
 *
 * rules/ is pure: no I/O, no AWS SDK, no clients, nothing that reads the environment, so it can be
 * tested with plain values and imported by the page. Adapters know tables, buckets and mail but no use
 * case; use cases know no handler. Every import of every `functions/**\/*.ts` file is read (see
 * test/support/imports.ts, which also prints the arrows per folder).
 */
import { describe, expect, it } from 'vitest';
import { folderCycles, folderOf, functionImports, type ImportArrow } from '../support/imports.ts';

const arrows = functionImports();
const internal = arrows.filter((arrow) => !arrow.isPackage);

/**
 * What rules/ may import besides rules/: the i18n catalogues (data: the keys a field message names)
 * and two shared modules that are values and types only — the error values a rule throws
 * (lib/errors.ts) and the language tags (lib/language.ts). Neither holds a client or reads the
 * environment.
 */
const RULES_MAY_IMPORT = [/^functions\/rules\//, /^functions\/i18n\//, /^functions\/lib\/errors\.ts$/, /^functions\/lib\/language\.ts$/];

/** Packages that mean I/O, a client or the Lambda runtime; `aws-lambda` is types only. */
const NOT_PURE = [/^@aws-sdk\//, /^@aws-lambda-powertools\//, /^@middy\//, /^node:(fs|net|http|https|child_process|dgram|dns)/, /^jose$/];

const ADAPTERS = ['store', 'mail', 'documents', 'crypto'];
const HANDLERS = ['http', 'streams', 'jobs'];

function show(list: ImportArrow[]): string[] {
  return list.map((arrow) => `${arrow.from}:${arrow.line} → ${arrow.to}`);
}

describe('architecture: import arrows in functions/', () => {
  it('reads the imports of every file (the check has something to check)', () => {
    expect(internal.some((arrow) => arrow.from.startsWith('functions/usecases/') && arrow.to.startsWith('functions/store/'))).toBe(true);
    expect(internal.some((arrow) => arrow.from.startsWith('functions/rules/') && arrow.to.startsWith('functions/rules/'))).toBe(true);
  });

  it('rules/ imports only rules/ (and pure data and values)', () => {
    const wrong = internal.filter((arrow) => folderOf(arrow.from) === 'rules' && !RULES_MAY_IMPORT.some((ok) => ok.test(arrow.to)));
    expect(show(wrong)).toEqual([]);
  });

  it('rules/ uses no SDK, client or I/O package', () => {
    const wrong = arrows.filter((arrow) => arrow.isPackage && folderOf(arrow.from) === 'rules' && !arrow.typeOnly && NOT_PURE.some((bad) => bad.test(arrow.to)));
    expect(show(wrong)).toEqual([]);
  });

  it('adapters (store/, mail/, documents/, crypto/) import no use case and no handler', () => {
    const wrong = internal.filter(
      (arrow) => ADAPTERS.includes(folderOf(arrow.from)) && ['usecases', ...HANDLERS, 'routes', 'openapi'].includes(folderOf(arrow.to)),
    );
    expect(show(wrong)).toEqual([]);
  });

  it('use cases import no handler', () => {
    const wrong = internal.filter((arrow) => folderOf(arrow.from) === 'usecases' && [...HANDLERS, 'routes'].includes(folderOf(arrow.to)));
    expect(show(wrong)).toEqual([]);
  });

  it('no handler imports another folder of handlers (what two handlers share is a use case)', () => {
    const wrong = internal.filter(
      (arrow) => HANDLERS.includes(folderOf(arrow.from)) && HANDLERS.includes(folderOf(arrow.to)) && folderOf(arrow.from) !== folderOf(arrow.to),
    );
    expect(show(wrong)).toEqual([]);
  });

  it('lib/ (config, clients, errors, middlewares) imports only lib/ and the catalogues', () => {
    const wrong = internal.filter((arrow) => folderOf(arrow.from) === 'lib' && !['lib', 'i18n'].includes(folderOf(arrow.to)));
    expect(show(wrong)).toEqual([]);
  });

  it('no two folders import each other', () => {
    expect(folderCycles(arrows)).toEqual([]);
  });
});
