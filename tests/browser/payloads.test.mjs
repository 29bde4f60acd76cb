// Every payload `glossa build` writes is a real Nuxt payload: npm devalue (the
// serializer Nuxt uses) parses it with Nuxt's reviver, and it holds the term and
// its related summaries, like the seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'devalue';
import { repoRoot, requireShared, shared } from './support/harness.mjs';

function payloads(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...payloads(p));
    else if (f === '_payload.json') out.push(p);
  }
  return out;
}

function checkAll(dir, expected) {
  const files = payloads(path.join(dir, 'terms'));
  assert.equal(files.length, expected);
  for (const f of files) {
    const v = parse(readFileSync(f, 'utf8'), { ShallowReactive: (x) => x });
    const keys = Object.keys(v.data);
    const term = v.data[keys.find((k) => k.startsWith('term-'))];
    assert.ok(term && term.body.type === 'minimark' && Array.isArray(term.body.value), f);
    assert.equal(typeof term.title, 'string');
    assert.ok(Array.isArray(v.data[keys.find((k) => k.startsWith('related-'))]), f);
    assert.equal(typeof v.prerenderedAt, 'number');
  }
}

test('npm devalue parses every payload of the default glossary', () => {
  checkAll(path.join(repoRoot, 'www/glossary'), JSON.parse(readFileSync(path.join(repoRoot, 'www/glossary/glossary.json'))).terms.length);
});

test('npm devalue parses every payload built from the Kubernetes glossary', (t) => {
  if (!requireShared(t)) return;
  const out = path.join(repoRoot, 'target/test-cli/k8s-node');
  rmSync(out, { recursive: true, force: true });
  execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'build', path.join(shared, 'corpus/kubernetes-glossary/content/en/docs/reference/glossary'), '-o', out], { cwd: repoRoot });
  checkAll(out, 140);
});
