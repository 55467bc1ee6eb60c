/** GET /api/petitions — campaigns open for signing, with their counts. */
import { httpHandler, json } from '#lib/http.ts';
import { isOpenForSigning } from '#rules/petition.ts';
import { listOpenPetitions } from '#store/petitions.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async () => {
  const now = new Date();
  // Listed as open but past its deadline: no longer signable, so not listed.
  const rows = (await listOpenPetitions()).filter(({ petition }) => isOpenForSigning(petition, now));
  const items = rows.map(({ petition, count }) => ({
    slug: petition.slug,
    kind: petition.kind,
    title: petition.title,
    targets: petition.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: petition.goal,
    count,
  }));
  return json<Answer<'list-petitions'>>(200, { items }, { 'cache-control': 'public, max-age=5, s-maxage=5' });
});
