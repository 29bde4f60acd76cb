// The positions of `keys` in `Intl.Collator` order for `lang` (a glossary's list, sorted in one call).
export function collateOrder(lang, keys) {
  let c;
  try { c = new Intl.Collator(lang, { numeric: true }); } catch { c = new Intl.Collator(undefined, { numeric: true }); }
  return Uint32Array.from(keys.map((_, i) => i).sort((a, b) => c.compare(keys[a], keys[b]) || a - b));
}
