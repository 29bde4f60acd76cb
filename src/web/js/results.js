// Search results for the JS API, made from what the core packs for one query (the layout is
// in src/search/packed.rs): numbers, read straight from wasm memory, and one text. Each
// document's fixed fields cross once and are kept here, one Unpacker per glossary.
export class Unpacker {
  /** `fields`: the names of the matched-field bits, in bit order. */
  constructor(fields) {
    this.fields = fields;
    this.docs = [];
  }

  /** The results (`detailed`: `{ results, total, partial, suggestion? }`). */
  results(nums, text, detailed) {
    let i = 0, at = 0;
    const str = (n) => text.slice(at, (at += n));
    const opt = () => { const n = nums[i++]; return n < 0 ? undefined : str(n); };
    const total = nums[i++], partial = nums[i++] === 1, suggestion = opt();
    const results = new Array(nums[i++]);
    for (let r = 0; r < results.length; r++) {
      const doc = nums[i++], score = nums[i++], bits = nums[i++];
      let fixed = this.docs[doc];
      if (nums[i++] === 1) {
        fixed = [str(nums[i++]), str(nums[i++]), str(nums[i++]), opt(), opt(), opt(), opt()];
        this.docs[doc] = fixed;
      }
      const matched = [];
      for (let b = 0; b < this.fields.length; b++) if (bits & (1 << b)) matched.push(this.fields[b]);
      const snippet = new Array(nums[i++]);
      for (let s = 0; s < snippet.length; s++) {
        const t = str(nums[i++]);
        snippet[s] = nums[i++] === 1 ? { text: t, mark: true } : { text: t };
      }
      const [id, slug, title, acronym, category, difficulty, path] = fixed;
      const o = { doc, id, slug, title, score, matched, snippet };
      if (acronym !== undefined) o.acronym = acronym;
      if (category !== undefined) o.category = category;
      if (difficulty !== undefined) o.difficulty = difficulty;
      if (path !== undefined) o.path = path;
      results[r] = o;
    }
    if (!detailed) return results;
    const out = { results, total, partial };
    if (suggestion !== undefined) out.suggestion = suggestion;
    return out;
  }
}
