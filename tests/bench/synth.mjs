// Synthetic glossaries from a fixed seed, shaped like real ones (Kubernetes glossary
// statistics: 1–4 word titles, ~15-word descriptions, ~70-word bodies, 10% acronym
// titles, some aliases), plus a fixed query list with the term each query is after.
// Same seed → same glossary and queries, byte for byte.

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REAL = `api cache client cluster config container context data deploy event gateway index key layer model node
object pipeline policy pool proxy queue record request resource route schema secret server service session shard
signal socket stream task thread token trace user value volume worker agent prompt embedding vector tensor batch
inference training dataset label feature kernel module package plugin runtime script source target template version
window widget browser cookie header render layout style component state hook effect store reducer router bundle`.split(/\s+/);
const CATS = ['ai', 'web', 'devops', 'data', 'security', 'cloud', 'networking', 'tooling'];
const DIFF = ['beginner', 'intermediate', 'advanced'];
const ONSET = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cl', 'dr', 'fl', 'gr', 'pl', 'pr', 'sk', 'st', 'tr', 'ch', 'sh', 'th'];
const VOWEL = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou', 'y'];
const CODA = ['', '', '', 'n', 'r', 's', 't', 'l', 'x', 'nd', 'rk', 'st'];

/**
 * `long: true` — a long-body glossary with a real glossary's statistics (the held-back
 * reference glossary in issue #13: bodies of median ~130 words and up to ~2 000, log-normal),
 * where bodies mention other terms by title or acronym, the popular ones (Zipf over terms)
 * in many bodies; its queries add the classes that stress a search engine: common words
 * and acronyms that occur in many bodies.
 */
export function generate(n, seed = 20261125, { long = false } = {}) {
  const rnd = mulberry32(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  // A vocabulary of pseudo-words (deterministic), Zipf-distributed in prose.
  const vocab = new Set(REAL);
  while (vocab.size < Math.min(60000, 8000 + n * 2)) {
    let w = '';
    const syl = 2 + Math.floor(rnd() * 2);
    for (let i = 0; i < syl; i++) w += pick(ONSET) + pick(VOWEL) + (i === syl - 1 ? pick(CODA) : '');
    vocab.add(w);
  }
  const words = [...vocab];
  const cum = [];
  let total = 0;
  for (let r = 1; r <= words.length; r++) { total += 1 / Math.pow(r, 1.07); cum.push(total); }
  const zipf = () => {
    const x = rnd() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < x) lo = mid + 1; else hi = mid; }
    return words[lo];
  };
  const sentence = (k) => Array.from({ length: k }, zipf).join(' ');
  // Log-normal body length in words (median 132, clipped to 50–2 000), for long bodies.
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const bodyWords = () => Math.round(Math.min(2000, Math.max(50, 132 * Math.exp(0.85 * normal()))));
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  const titles = new Set();
  const docs = [];
  for (let i = 0; i < n; i++) {
    let title, acronym = null;
    const aliases = [];
    do {
      const k = 1 + Math.floor(Math.pow(rnd(), 1.6) * 4);
      // Title words come from the less frequent half of the vocabulary (names are specific).
      const tw = Array.from({ length: k }, () => words[200 + Math.floor(rnd() * (words.length - 200))]);
      if (k >= 2 && rnd() < 0.1) {
        acronym = tw.map(cap).join(' ');
        title = tw.map((w) => w[0].toUpperCase()).join('') + (rnd() < 0.5 ? '' : String(Math.floor(rnd() * 10)));
      } else {
        title = tw.map(cap).join(' ');
        acronym = null;
      }
    } while (titles.has(title.toLowerCase()));
    titles.add(title.toLowerCase());
    if (rnd() < 0.12) aliases.push(cap(zipf()) + ' ' + cap(zipf()));
    docs.push({
      id: `t${i}`,
      title,
      acronym,
      aliases,
      category: pick(CATS),
      difficulty: pick(DIFF),
      description: cap(sentence(8 + Math.floor(rnd() * 14))) + '.',
      body: cap(sentence(40 + Math.floor(rnd() * 70))) + '.',
    });
  }
  if (long) {
    // Other terms mentioned in bodies: a term's popularity is Zipf over a fixed shuffle.
    const popular = docs.map((_, i) => i).sort(() => rnd() - 0.5);
    const tcum = [];
    let tt = 0;
    for (let r = 1; r <= popular.length; r++) { tt += 1 / r; tcum.push(tt); }
    const term = () => {
      const x = rnd() * tt;
      let lo = 0, hi = tcum.length - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (tcum[mid] < x) lo = mid + 1; else hi = mid; }
      return docs[popular[lo]];
    };
    for (const d of docs) {
      const k = bodyWords();
      const parts = [];
      for (let w = 0; w < k;) {
        const run = 6 + Math.floor(rnd() * 30);
        parts.push(sentence(Math.min(run, k - w)));
        w += run;
        // An acronym term is mostly mentioned by its acronym (its title), sometimes spelled out.
        if (w < k) { const m = term(); parts.push(m.acronym && rnd() < 0.3 ? m.acronym : m.title); w += 1; }
      }
      d.body = cap(parts.join(' ')) + '.';
    }
    const top = popular.map((i) => docs[i]);
    const hot = { words, popular: top.filter((d) => !d.acronym).slice(0, 40), acronyms: top.filter((d) => d.acronym).slice(0, 20) };
    return { docs, queries: makeQueries(docs, mulberry32(seed ^ 0x5bd1e995), Math.min(300, n), hot) };
  }
  return { docs, queries: makeQueries(docs, mulberry32(seed ^ 0x5bd1e995), Math.min(300, n)) };
}

/** A fixed query list: [query, expected id, kind] (`common word` has no expected term: it is timed only). */
function makeQueries(docs, rnd, count, long) {
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const typo = (w) => {
    const i = 1 + Math.floor(rnd() * (w.length - 2));
    const k = Math.floor(rnd() * 3);
    if (k === 0) return w.slice(0, i) + w.slice(i + 1); // deletion
    if (k === 1) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // transposition
    return w.slice(0, i) + 'eaiou'[Math.floor(rnd() * 5)] + w.slice(i + 1); // substitution
  };
  const out = [];
  while (out.length < count) {
    const d = pick(docs);
    const tw = d.title.toLowerCase().split(' ');
    const r = rnd();
    if (long && r < 0.3) {
      // Words and names that occur in many bodies: the costly queries for postings and snippets.
      const k = rnd();
      if (k < 0.4) out.push([long.words[3 + Math.floor(rnd() * 60)], null, 'common word']);
      else if (k < 0.7) { const p = pick(long.acronyms); out.push([p.title.toLowerCase(), p.id, 'acronym']); }
      else { const p = pick(long.popular); out.push([p.title.toLowerCase(), p.id, 'common term']); }
      continue;
    }
    if (r < 0.25) out.push([d.title.toLowerCase(), d.id, 'exact']);
    else if (r < 0.5) {
      const full = d.title.toLowerCase();
      const cut = Math.min(full.length, Math.max(3, Math.ceil(full.length * (0.5 + rnd() * 0.3))));
      out.push([full.slice(0, cut), d.id, 'prefix']);
    } else if (r < 0.7) {
      const long = tw.map((w, i) => [w, i]).filter(([w]) => w.length >= 5);
      if (!long.length) continue;
      const [w, i] = pick(long);
      const q = [...tw];
      q[i] = typo(w);
      out.push([q.join(' '), d.id, 'typo']);
    } else if (r < 0.8) {
      if (d.acronym) out.push([d.acronym.toLowerCase(), d.id, 'expansion']);
      else if (d.aliases.length) out.push([d.aliases[0].toLowerCase(), d.id, 'alias']);
    } else if (r < 0.9) {
      if (tw.length < 2) continue;
      out.push([tw.slice(0, 2).join(' '), d.id, 'multi-word']);
    } else {
      const dw = d.description.toLowerCase().replace(/[^a-z ]/g, '').split(' ').filter((w) => w.length > 4);
      if (!dw.length) continue;
      out.push([`${tw[0]} ${pick(dw)}`, d.id, 'title+description']);
    }
  }
  return out;
}

/** HTML pages for Pagefind (its CLI indexes a built site). */
export function pagefindPage(d) {
  const esc = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title></head><body><main data-pagefind-body>
<h1 data-pagefind-weight="10">${esc(d.title)}</h1>
<p data-pagefind-weight="8">${esc(d.acronym)} ${esc(d.aliases.join(' '))}</p>
<p data-pagefind-weight="3">${esc(d.description)}</p>
<p>${esc(d.body)}</p>
<span data-pagefind-meta="id">${d.id}</span></main></body></html>`;
}
