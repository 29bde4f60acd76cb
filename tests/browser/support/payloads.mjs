// Builds Nuxt-style term payloads with the real `devalue` library (the same
// serializer Nuxt uses), so tests exercise exactly what sites produce.
import { stringify } from 'devalue';

/** `{ data: ShallowReactive({ [key]: doc }), prerenderedAt }` with Nuxt's `/` escaping. */
export function nuxtPayload(data, { escapeSlashes = true } = {}) {
  const payload = { data, prerenderedAt: 1776518264836 };
  // Like Nuxt's reducer (toRaw of the proxy): a distinct object holding the same entries.
  const text = stringify(payload, { ShallowReactive: (v) => v === data && { ...v } });
  return escapeSlashes ? text.replaceAll('/', '\\u002F') : text;
}

/** A glossary term document whose minimark body `value` is `nodes`. */
export function term(slug, nodes, extra = {}) {
  const letter = slug[0];
  return {
    [`term-${letter}/${slug}`]: {
      id: `terms/terms/${letter}/${slug}.md`,
      title: extra.title ?? slug,
      acronym: null,
      body: { type: 'minimark', value: nodes, toc: { title: '', searchDepth: 2, depth: 2, links: [] } },
      category: 'test',
      description: extra.description ?? `${slug} description`,
      difficulty: 'beginner',
      path: `/terms/${letter}/${slug}`,
      related: [],
      ...extra,
    },
  };
}
