#!/usr/bin/env bash
# Fuzzing (not part of CI; the crashes it finds become regression tests in
# tests/fuzz_regressions.rs). Usage: bash fuzz/run.sh [seconds per target] [targets…]
#   bash fuzz/run.sh 600                 # every target for 10 minutes
#   bash fuzz/run.sh 60 devalue content  # two targets, a minute each
# Needs the nightly toolchain; installs cargo-fuzz if missing. Seeds each corpus from
# the spec vectors and examples (../shared, when present), the seed, and the glossaries.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(graph markup snippets tokens autolink front_matter devalue content markdown query index chunked manifest)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
shared=../shared
seed() { # target files…
  local dir=fuzz/corpus/$1; shift; mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)" || true; done
}
if [ ! -d fuzz/corpus ]; then
  payloads=(tests/fixtures/seed/*.json $(ls "$shared"/spec/examples/*.json 2>/dev/null) $(find www/glossary/terms -name '_payload.json' 2>/dev/null | head -20 || true))
  seed devalue "${payloads[@]}"
  seed content "${payloads[@]}"
  seed markdown www/terms/*.md tests/fixtures/mini-glossary/*.md $(ls "$shared"/corpus/kubernetes-glossary/content/en/docs/reference/glossary/*.md 2>/dev/null | head -40)
  seed front_matter tests/fixtures/fuzz/front_matter/* www/terms/*.md $(ls "$shared"/corpus/kubernetes-glossary/content/*/docs/reference/glossary/*.md 2>/dev/null | head -60)
  seed index www/glossary/search.glsi
  seed manifest www/glossary/glossary.json
  mkdir -p fuzz/corpus/query && i=0
  node -e 'for (const [q] of JSON.parse(require("fs").readFileSync("tests/fixtures/kubernetes-queries.json"))) console.log(q)' | while read -r q; do
    printf '\x17%s' "$q" > "fuzz/corpus/query/q$((i++))"; done
  # devalue vectors, one file each
  mkdir -p fuzz/corpus/devalue/vectors
  node -e 'const v=JSON.parse(require("fs").readFileSync("tests/fixtures/vectors.json"));v.forEach((x,i)=>require("fs").writeFileSync(`fuzz/corpus/devalue/vectors/v${i}`,x.input))'
fi
# Limits that make resource bugs crashes: 1 GB of RSS, 512 MB in one allocation, 5 s per
# input. Every crash, timeout or out-of-memory input is copied to tests/fixtures/fuzz/<target>/,
# which `cargo test` replays (tests/fuzz_regressions.rs).
status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "tests/fixtures/fuzz/$t"
  cp tests/fixtures/fuzz/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true  # start from the kept inputs too
  echo "== fuzzing $t for ${secs}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=1024 -malloc_limit_mb=512 \
    -timeout=5 -max_len=262144 -print_final_stats=1 || status=1
  for a in fuzz/artifacts/"$t"/*; do
    [ -f "$a" ] || continue
    cp "$a" "tests/fixtures/fuzz/$t/$(basename "$a")" && echo "kept $a as a regression input"
  done
done
exit $status
