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

export function generate(n, seed = 20261125) {
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
  return { docs, queries: makeQueries(docs, mulberry32(seed ^ 0x5bd1e995), Math.min(300, n)) };
}

/** A fixed query list: [query, expected id, kind]. */
function makeQueries(docs, rnd, count) {
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
