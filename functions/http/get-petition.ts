/** GET /api/petitions/{slug} — one campaign with its count. */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { notFound } from '#lib/errors.ts';
import { publicPetition } from '#domain/petition.ts';
import { getPetitionWithCount } from '#store/petitions.ts';

export const handler = httpHandler(async (event) => {
  const found = await getPetitionWithCount(pathParam(event, 'slug'));
  if (!found) throw notFound();
  const { petition, count } = found;
  return json(200, publicPetition(petition, count.count, count.asOf, new Date()), {
    'cache-control': 'public, max-age=5, s-maxage=5',
  });
});
