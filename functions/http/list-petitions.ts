/** GET /api/petitions — open campaigns with their counts. */
import { httpHandler, json } from '#lib/http.ts';
import { listOpenPetitions } from '#store/petitions.ts';

export const handler = httpHandler(async () => {
  const rows = await listOpenPetitions();
  const items = rows.map(({ petition, count }) => ({
    slug: petition.slug,
    kind: petition.kind,
    title: petition.title,
    targets: petition.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: petition.goal,
    count,
  }));
  return json(200, { items }, { 'cache-control': 'public, max-age=5, s-maxage=5' });
});
