// entry.html?src=URL renders the payload at any same-origin URL.
const el = document.getElementById('entry');
const src = new URLSearchParams(location.search).get('src');
const fail = (msg) => { el.setAttribute('data-state', 'error'); el.setAttribute('data-error', msg); el.textContent = msg; };
if (!src) {
  fail('Add ?src=URL to show a term: a Nuxt _payload.json, an HTML page with __NUXT_DATA__, or a markdown file.');
} else {
  let url;
  try { url = new URL(src, location.href); } catch { url = null; }
  if (!url || url.origin !== location.origin) {
    fail(`Only same-origin payloads can be shown here: ${src}`);
  } else {
    el.setAttribute('src', url.href);
    el.addEventListener('glossa-ready', () => {
      const title = el.shadowRoot && el.shadowRoot.querySelector('.glossa-title');
      if (title) document.title = `${title.textContent} — glossa`;
    });
  }
}
