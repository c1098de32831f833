//! The editor's panel on an article's page (`/a/{id}`): what the self-check heard
//! (`GET /v1/articles/{id}/check`), each suspect word in its sentence, and a form to
//! fix it: say the word as a respelling or IPA, listen to the sentence with that rule
//! (`POST /v1/audio/speech` with a lexicon), save it as the publisher's rule
//! (`POST /v1/publishers/{name}/lexicon`) and narrate the article again
//! (`POST /v1/articles/{id}/renarrate`). Auditions and saves need an API key, typed
//! into the panel and kept for the browser session only.

use crate::web::escape;

/// The panel's HTML for article `id` of `publisher` (rules can only be saved for a
/// publisher's article) whose page shows narration `version`.
pub(crate) fn panel(id: &str, version: &str, publisher: Option<&str>) -> String {
    format!(
        "<section id=\"check\" class=\"check\" aria-labelledby=\"check-title\" \
data-article=\"{id}\" data-version=\"{version}\" data-publisher=\"{publisher}\">\
<h2 id=\"check-title\">Pronunciation check</h2>\
<p class=\"check-status\" role=\"status\" aria-live=\"polite\">Checking the narration…</p>\
<ul class=\"suspects\"></ul>\
<div class=\"editor-key\" hidden><label for=\"editor-key\">API key (to listen and save)</label> \
<input id=\"editor-key\" type=\"password\" autocomplete=\"off\"></div>\
</section><script>{EDITOR_SCRIPT}</script>",
        id = escape(id),
        version = escape(version),
        publisher = escape(publisher.unwrap_or("")),
    )
}

/// Loads the report (polling while the check runs) and wires each suspect's form.
const EDITOR_SCRIPT: &str = r#"
(() => {
  const box = document.getElementById('check');
  const id = box.dataset.article, publisher = box.dataset.publisher;
  const status = box.querySelector('.check-status'), list = box.querySelector('.suspects');
  const keyBox = box.querySelector('.editor-key'), keyInput = box.querySelector('#editor-key');
  keyInput.value = sessionStorage.getItem('aloud-key') || '';
  keyInput.addEventListener('input', () => sessionStorage.setItem('aloud-key', keyInput.value));
  const headers = () => ({ 'content-type': 'application/json', authorization: 'Bearer ' + keyInput.value });
  const el = (tag, props = {}, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  const failure = async (res) => {
    try { return (await res.json()).error.message; } catch (_) { return 'HTTP ' + res.status; }
  };
  const rule = (word, how, said) => ({ rules: [how === 'ipa' ? { word, ipa: said } : { word, alias: said }] });
  const suspect = (s, n) => {
    const word = s.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const note = el('span', { className: 'note', role: 'status' });
    const said = el('input', { id: 'say-' + n, value: word, autocomplete: 'off' });
    const how = el('select', { id: 'how-' + n },
      el('option', { value: 'alias', textContent: 'respelling' }),
      el('option', { value: 'ipa', textContent: 'IPA' }));
    const listen = el('button', { type: 'button', textContent: 'Listen' });
    const save = el('button', { type: 'button', textContent: 'Save for ' + (publisher || 'publisher'), disabled: !publisher });
    listen.addEventListener('click', async () => {
      note.textContent = 'Saying it…';
      const res = await fetch('/v1/audio/speech', { method: 'POST', headers: headers(),
        body: JSON.stringify({ input: s.context, response_format: 'mp3', lexicon: rule(word, how.value, said.value) }) });
      if (!res.ok) { note.textContent = 'Cannot listen: ' + await failure(res); return; }
      const audio = new Audio(URL.createObjectURL(await res.blob()));
      audio.className = 'audition';
      box.append(audio);
      audio.play().catch(() => {});
      note.textContent = 'Playing the sentence with this pronunciation.';
    });
    save.addEventListener('click', async () => {
      const res = await fetch('/v1/publishers/' + encodeURIComponent(publisher) + '/lexicon', { method: 'POST',
        headers: headers(), body: JSON.stringify(rule(word, how.value, said.value)) });
      if (!res.ok) { note.textContent = 'Not saved: ' + await failure(res); return; }
      note.textContent = 'Saved for ' + publisher + '. ';
      const again = el('button', { type: 'button', textContent: 'Narrate again' });
      again.addEventListener('click', async () => {
        const r = await fetch('/v1/articles/' + id + '/renarrate', { method: 'POST', headers: headers() });
        if (!r.ok) { note.textContent = 'Cannot narrate again: ' + await failure(r); return; }
        following = true;
        tries = 0;
        load();
      });
      note.append(again);
    });
    const heard = s.heard ? '“' + s.heard + '”' : 'nothing';
    const why = s.kind === 'rule' ? ' — a pronunciation rule makes it sound so' : '';
    return el('li', {},
      el('p', {}, el('strong', { textContent: s.text }), ' heard as ' + heard + why),
      el('blockquote', { textContent: s.context }),
      el('div', { className: 'fix' },
        el('label', { htmlFor: 'say-' + n, textContent: 'Say “' + word + '” as ' }), said, ' ',
        el('label', { htmlFor: 'how-' + n, className: 'sr', textContent: 'written as' }), how, ' ',
        listen, ' ', save, ' ', note));
  };
  const show = (report) => {
    if (report.status === 'off') { status.textContent = 'Not checked: ' + (report.reason || 'the check is off'); return; }
    const n = report.suspects.length;
    status.textContent = 'Heard ' + report.checked + ' of ' + report.utterances + ' sentences; ' +
      report.retaken + ' taken again. ' + (n ? n + (n === 1 ? ' word' : ' words') + ' may be mispronounced:' : 'Every word was heard as meant.');
    list.replaceChildren(...report.suspects.map(suspect));
    keyBox.hidden = n === 0;
  };
  // While the article is narrated again, wait. After "Narrate again" a new narration
  // reloads the page; one the check published itself (a better take) is only announced,
  // so a reader's playback is never cut.
  let tries = 0, following = false;
  const load = async () => {
    try {
      const article = await (await fetch('/v1/articles/' + id)).json();
      const newer = article.version && article.version !== box.dataset.version;
      if (newer && following) return location.reload();
      if (article.status !== 'done') {
        status.textContent = 'Narrating again…';
        list.replaceChildren();
      } else {
        const report = await (await fetch('/v1/articles/' + id + '/check')).json();
        if (report.status !== 'pending') {
          show(report);
          if (newer) status.append(' A newer narration with better takes is out: reload the page to hear it.');
          return;
        }
      }
    } catch (_) { /* try again */ }
    if (++tries < 600) setTimeout(load, 1500);
  };
  load();
})();
"#;
