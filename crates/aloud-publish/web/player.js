// <aloud-player>: the "Listen to this article" web component served at /player.js.
// No dependencies. It plays an article narrated by aloud, highlights the sentence being
// spoken in the host page's own text (read-along) and, where the narration has word
// timings, the word inside it; seeks when a sentence or word is clicked, remembers
// speed and position, drives the Media Session, and reports listens (start,
// quartiles, completion) to the aloud server it came from.
//
// Highlights are CSS Custom Highlights the page may restyle: ::highlight(aloud-current)
// (the sentence) and ::highlight(aloud-word) (the word). Events: ready, play, pause,
// sentence {index, text, start_ms}, word {sentence, index, text, start_ms}, progress
// {quartile}, ended.
//
//   <script src="https://aloud.example/player.js" defer></script>
//   <aloud-player [article="ID"] [src="https://aloud.example"] [for="#story"]
//                 [analytics="off"]></aloud-player>
//
// article: the narration's id; without it, the narration of this page is looked up by
//      the page's URL (the `url` attribute, else <link rel=canonical>, else the address).
// src: the aloud server (default: where this script was loaded from).
// for: a CSS selector for the element holding the article text (default: the
//      nearest <article>, else [itemprop=articleBody], else <main>, else <body>).
(() => {
  'use strict';
  if (!window.customElements || customElements.get('aloud-player')) return;

  const SCRIPT_SRC = document.currentScript && document.currentScript.src;
  const DEFAULT_SERVER = SCRIPT_SRC ? new URL(SCRIPT_SRC, location.href).origin : location.origin;
  const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  const SKIP_SECONDS = 15;
  const HIGHLIGHT = 'aloud-current';
  const WORD_HIGHLIGHT = 'aloud-word';
  const PUNCTUATION = /[^\s\p{L}\p{N}]/u;
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'ALOUD-PLAYER']);

  const storage = {
    get(k) { try { return localStorage.getItem(k); } catch (_) { return null; } },
    set(k, v) { try { localStorage.setItem(k, v); } catch (_) { /* private mode */ } },
    remove(k) { try { localStorage.removeItem(k); } catch (_) { /* private mode */ } },
  };

  // 75 → "1:15"; 3725 → "1:02:05".
  const clock = (seconds) => {
    const s = Math.max(0, Math.floor(seconds || 0));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, '0') : String(m);
    return (h ? h + ':' : '') + mm + ':' + String(r).padStart(2, '0');
  };
  // 75 → "1 minute 15 seconds", for screen readers.
  const spokenTime = (seconds) => {
    const s = Math.max(0, Math.floor(seconds || 0));
    const m = Math.floor(s / 60), r = s % 60;
    const unit = (n, w) => n + ' ' + w + (n === 1 ? '' : 's');
    return m ? unit(m, 'minute') + (r ? ' ' + unit(r, 'second') : '') : unit(r, 'second');
  };
  // What two texts share once case, punctuation and spacing are set aside.
  const matchKey = (text) => text.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

  // The page's text as one match key, with where each key character came from.
  function indexText(root) {
    const nodes = [], starts = [], ends = [];
    let flat = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
          if (SKIP_TAGS.has(el.tagName) || el.hidden) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const t = node.data;
      for (let i = 0; i < t.length;) {
        const ch = String.fromCodePoint(t.codePointAt(i));
        for (const k of matchKey(ch)) {
          flat += k;
          nodes.push(node);
          starts.push(i);
          ends.push(i + ch.length);
        }
        i += ch.length;
      }
    }
    return { flat, nodes, starts, ends };
  }

  // One DOM Range per utterance (null where the page lacks its words), found in order,
  // and one per timed word inside it (null where the page lacks that word).
  function locateUtterances(root, utterances) {
    const { flat, nodes, starts, ends } = indexText(root);
    const rangeOf = (at, last, withPunctuation) => {
      const first = nodes[at], end = nodes[last];
      let s = starts[at], e = ends[last];
      // Take in the punctuation that touches the words ("“Yes,” she said." whole).
      while (withPunctuation && s > 0 && PUNCTUATION.test(first.data[s - 1])) s--;
      while (withPunctuation && e < end.data.length && PUNCTUATION.test(end.data[e])) e++;
      const range = document.createRange();
      range.setStart(first, s);
      range.setEnd(end, e);
      return range;
    };
    let cursor = 0;
    return utterances.map((u) => {
      const key = matchKey(u.text || '');
      if (!key) return { range: null, words: [] };
      const at = flat.indexOf(key, cursor);
      if (at < 0) return { range: null, words: [] };
      const last = at + key.length - 1;
      cursor = last + 1;
      let inside = at;
      const words = (u.words || []).map((w) => {
        const k = matchKey(w.text || '');
        const found = k ? flat.indexOf(k, inside) : -1;
        if (found < 0 || found + k.length - 1 > last) return null;
        inside = found + k.length;
        return rangeOf(found, found + k.length - 1, false);
      });
      return { range: rangeOf(at, last, true), words };
    });
  }

  function caretAt(x, y) {
    if (document.caretPositionFromPoint) {
      const p = document.caretPositionFromPoint(x, y);
      return p && { node: p.offsetNode, offset: p.offset };
    }
    if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      return r && { node: r.startContainer, offset: r.startOffset };
    }
    return null;
  }

  let pageStyleAdded = false;
  function addPageStyle() {
    if (pageStyleAdded) return;
    pageStyleAdded = true;
    const style = document.createElement('style');
    style.dataset.aloud = '';
    // First in <head>, so the host page's own rules win.
    style.textContent = '::highlight(' + HIGHLIGHT + '){background-color:#ffe58a;color:inherit}' +
      '::highlight(' + WORD_HIGHLIGHT + '){background-color:#f5b700;color:#000}' +
      '[data-aloud-reading]{background-color:#fff4c2}';
    document.head.prepend(style);
  }

  const ICONS = {
    play: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z"/></svg>',
    pause: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5h4v14H6zM14 5h4v14h-4z"/></svg>',
    prev: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6h2v12H6zM9.5 12L18 18V6z"/></svg>',
    next: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16 6h2v12h-2zM6 18l8.5-6L6 6z"/></svg>',
  };

  const TEMPLATE = `
<style>
:host{display:block;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:44rem;margin:1rem 0}
*{box-sizing:border-box}
.bar{display:flex;gap:.75rem;align-items:center;padding:.6rem .75rem;border:1px solid #c8c8c8;border-radius:.75rem;background:#fafafa}
button,select{font:inherit;color:inherit}
button{display:inline-flex;align-items:center;justify-content:center;min-width:2.75rem;min-height:2.75rem;padding:0 .4rem;border:1px solid transparent;border-radius:.5rem;background:none;cursor:pointer}
button:hover{background:#ececec}
button:disabled{opacity:.45;cursor:default}
button svg{width:1.4rem;height:1.4rem;fill:currentColor}
.play{width:3.25rem;height:3.25rem;border-radius:50%;background:#1f4fd1;color:#fff;flex:none}
.play:hover{background:#173ea6}
.play svg{width:1.7rem;height:1.7rem}
:focus-visible{outline:3px solid #1f4fd1;outline-offset:2px}
.play:focus-visible{outline-color:#0b1e55}
.main{flex:1;min-width:0}
.top{display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap}
.label{font-weight:600}
.time{font-variant-numeric:tabular-nums;color:#4a4a4a}
input[type=range]{width:100%;margin:.35rem 0;accent-color:#1f4fd1;min-height:1.5rem}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:.15rem}
.skip{font-size:.85rem;font-weight:600}
.speed{margin-left:auto;display:flex;align-items:center;gap:.35rem}
select{min-height:2.75rem;border:1px solid #8a8a8a;border-radius:.5rem;background:#fff;padding:0 .3rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.note{color:#4a4a4a}
@media (prefers-reduced-motion:no-preference){button{transition:background-color .15s}}
@media (max-width:30rem){.bar{align-items:flex-start}.speed{margin-left:0}}
</style>
<div class="bar" part="bar" role="group" aria-label="Audio player">
  <button class="play" part="play" type="button" aria-label="Play" disabled>${ICONS.play}</button>
  <div class="main">
    <div class="top">
      <span class="label" part="label">Listen to this article</span>
      <span class="time" aria-hidden="true"><span class="elapsed">0:00</span> / <span class="duration">–:––</span></span>
    </div>
    <input class="seek" type="range" min="0" max="0" step="1" value="0" aria-label="Seek" disabled>
    <div class="controls">
      <button class="prev" type="button" aria-label="Previous paragraph" title="Previous paragraph" disabled>${ICONS.prev}</button>
      <button class="back skip" type="button" aria-label="Back 15 seconds" title="Back 15 seconds" disabled>−15</button>
      <button class="forward skip" type="button" aria-label="Forward 15 seconds" title="Forward 15 seconds" disabled>+15</button>
      <button class="next" type="button" aria-label="Next paragraph" title="Next paragraph" disabled>${ICONS.next}</button>
      <span class="remaining time" aria-hidden="true"></span>
      <label class="speed">Speed <select class="rate">${RATES.map((r) => `<option value="${r}">${r}×</option>`).join('')}</select></label>
    </div>
    <div class="note" hidden></div>
  </div>
  <div class="sr" role="status" aria-live="polite"></div>
  <audio preload="metadata"></audio>
</div>`;

  class AloudPlayer extends HTMLElement {
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = TEMPLATE;
      const $ = (s) => root.querySelector(s);
      this.ui = {
        play: $('.play'), seek: $('.seek'), elapsed: $('.elapsed'), duration: $('.duration'),
        remaining: $('.remaining'), prev: $('.prev'), next: $('.next'), back: $('.back'),
        forward: $('.forward'), rate: $('.rate'), status: $('[role=status]'), note: $('.note'),
        label: $('.label'),
      };
      this.audio = $('audio');
      this.timings = null;
      this.ranges = [];
      this.wordRanges = [];
      this.current = -1;
      this.currentWordIndex = -1;
      this.engaged = false;
      this.quartiles = new Set();
      this.session = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
      this.lastSaved = 0;
      this.onPageClick = this.onPageClick.bind(this);
      this.wire();
    }

    static get observedAttributes() { return ['article', 'src', 'url']; }

    connectedCallback() { if (!this.loading) this.load(); }
    attributeChangedCallback(_name, old, value) { if (this.isConnected && old !== value && this.loading) this.load(); }
    disconnectedCallback() {
      clearTimeout(this.pollTimer);
      if (this.container) this.container.removeEventListener('click', this.onPageClick);
      cancelAnimationFrame(this.frame);
      if (this.current >= 0 && window.CSS && CSS.highlights) {
        CSS.highlights.delete(HIGHLIGHT);
        CSS.highlights.delete(WORD_HIGHLIGHT);
      }
    }

    // ----- public API -----
    get server() { return (this.getAttribute('src') || DEFAULT_SERVER).replace(/\/+$/, ''); }
    get articleId() { return this.getAttribute('article') || this.foundId || ''; }
    get pageUrl() {
      const canonical = document.querySelector('link[rel=canonical]');
      const url = this.getAttribute('url') || (canonical && canonical.href) || location.href;
      return url.split('#')[0];
    }
    get currentTime() { return this.audio.currentTime; }
    set currentTime(t) { this.seek(t); }
    get duration() { return this.totalSeconds(); }
    get paused() { return this.audio.paused; }
    get playbackRate() { return this.audio.playbackRate; }
    set playbackRate(r) { this.setRate(r); }
    /** Index of the utterance being heard, -1 before the first. */
    get currentUtterance() { return this.current; }
    /** Index of the word being heard within that utterance, -1 where none is. */
    get currentWord() { return this.currentWordIndex; }
    play() { return this.audio.play(); }
    pause() { this.audio.pause(); }
    seek(seconds) {
      const t = Math.min(Math.max(0, seconds), this.totalSeconds() || 0);
      this.audio.currentTime = t;
      this.render();
    }

    // ----- loading -----
    async load() {
      this.loading = true;
      clearTimeout(this.pollTimer);
      let article;
      try {
        if (this.getAttribute('article')) {
          const res = await fetch(this.server + '/v1/articles/' + encodeURIComponent(this.getAttribute('article')));
          if (res.status === 404) return this.fail('This article has no narration.');
          if (!res.ok) throw new Error('HTTP ' + res.status);
          article = await res.json();
        } else {
          const res = await fetch(this.server + '/v1/articles?url=' + encodeURIComponent(this.pageUrl));
          if (!res.ok) throw new Error('HTTP ' + res.status);
          article = (await res.json()).articles[0];
          if (!article) return this.fail('This article has no narration.');
          this.foundId = article.id;
        }
      } catch (_) {
        return this.retry('Audio is not reachable right now.', 10000);
      }
      if (!article.version) {
        if (article.status === 'failed') return this.fail('Audio is not available for this article.');
        const p = article.progress;
        const pct = p && p.total ? Math.round((100 * p.done) / p.total) : 0;
        return this.retry('Preparing audio…' + (pct ? ' ' + pct + '%' : ''), 2000);
      }
      this.article = article;
      try {
        const res = await fetch(this.server + article.links.timings);
        if (!res.ok) throw new Error('HTTP ' + res.status);
        this.timings = await res.json();
      } catch (_) {
        return this.retry('Audio is not reachable right now.', 10000);
      }
      this.ready();
    }

    retry(message, ms) {
      this.showNote(message);
      this.pollTimer = setTimeout(() => this.load(), ms);
    }

    fail(message) {
      this.showNote(message);
      this.ui.play.disabled = true;
    }

    showNote(message) {
      this.ui.note.textContent = message;
      this.ui.note.hidden = !message;
      if (message) this.announce(message);
    }

    ready() {
      const t = this.timings;
      this.showNote('');
      const title = (t.meta && t.meta.title) || '';
      this.ui.label.textContent = 'Listen to this article';
      this.ui.play.setAttribute('aria-label', 'Play' + (title ? ': ' + title : ''));
      this.audio.src = this.server + this.article.links.audio;
      const total = this.totalSeconds();
      this.ui.seek.max = String(Math.round(total));
      this.ui.duration.textContent = clock(total);
      for (const el of [this.ui.play, this.ui.seek, this.ui.prev, this.ui.next, this.ui.back, this.ui.forward]) el.disabled = false;
      const rate = Number(storage.get('aloud:rate'));
      this.setRate(RATES.includes(rate) ? rate : 1, true);
      this.restorePosition();
      this.attachReadAlong();
      this.render();
      this.dispatchEvent(new CustomEvent('ready', { detail: { duration: total } }));
    }

    totalSeconds() {
      if (this.timings) return this.timings.duration_ms / 1000;
      return Number.isFinite(this.audio.duration) ? this.audio.duration : 0;
    }

    // ----- read-along -----
    attachReadAlong() {
      const chosen = this.getAttribute('for');
      this.container = (chosen && document.querySelector(chosen)) || this.closest('article') ||
        document.querySelector('article') || document.querySelector('[itemprop=articleBody]') ||
        document.querySelector('main') || document.body;
      const located = locateUtterances(this.container, this.timings.utterances);
      this.ranges = located.map((l) => l.range);
      this.wordRanges = located.map((l) => l.words);
      addPageStyle();
      this.container.addEventListener('click', this.onPageClick);
    }

    onPageClick(e) {
      if (!this.engaged || e.defaultPrevented || e.button !== 0) return;
      if (e.target.closest && e.target.closest('a,button,input,select,textarea,label,summary,aloud-player')) return;
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed) return; // the reader is selecting text
      const at = caretAt(e.clientX, e.clientY);
      if (!at) return;
      const holds = (r) => r && r.comparePoint(at.node, at.offset) === 0 &&
        !(r.endContainer === at.node && r.endOffset === at.offset);
      const i = this.ranges.findIndex(holds);
      if (i < 0) return;
      // A timed word seeks to the word; elsewhere in the sentence, to its start.
      const w = (this.wordRanges[i] || []).findIndex(holds);
      const words = this.timings.utterances[i].words || [];
      this.seek((w >= 0 ? words[w].start_ms : this.timings.utterances[i].start_ms) / 1000);
      this.announce('Playing from: ' + this.timings.utterances[i].text);
      if (this.audio.paused) this.audio.play().catch(() => {});
    }

    utteranceAt(seconds) {
      const us = this.timings ? this.timings.utterances : [];
      const ms = seconds * 1000;
      let lo = 0, hi = us.length - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (us[mid].start_ms <= ms) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    }

    // The word of utterance `i` being heard at `seconds`: the last one started, until
    // the next starts (-1 before the first, and where the utterance has no word timings).
    wordAt(i, seconds) {
      const words = (i >= 0 && this.timings.utterances[i].words) || [];
      const ms = seconds * 1000;
      let lo = 0, hi = words.length - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (words[mid].start_ms <= ms) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    }

    highlightWord(w) {
      if (w === this.currentWordIndex) return;
      this.currentWordIndex = w;
      const range = w >= 0 ? (this.wordRanges[this.current] || [])[w] : null;
      if (window.CSS && CSS.highlights && window.Highlight) {
        if (range) CSS.highlights.set(WORD_HIGHLIGHT, new Highlight(range));
        else CSS.highlights.delete(WORD_HIGHLIGHT);
      }
      // Not announced: the live region stays per sentence, so screen readers are not
      // flooded with words.
      if (w >= 0) {
        const word = this.timings.utterances[this.current].words[w];
        this.dispatchEvent(new CustomEvent('word', {
          detail: { sentence: this.current, index: w, text: word.text, start_ms: word.start_ms },
        }));
      }
    }

    // timeupdate comes about four times a second, too seldom for words: while playing,
    // the word follows the audio frame by frame.
    followWords() {
      cancelAnimationFrame(this.frame);
      const step = () => {
        this.syncHighlights();
        if (!this.audio.paused) this.frame = requestAnimationFrame(step);
      };
      step();
    }

    syncHighlights() {
      const t = this.audio.currentTime;
      this.highlight(this.utteranceAt(t));
      this.highlightWord(this.wordAt(this.current, t));
    }

    highlight(i) {
      if (i === this.current) return;
      this.highlightWord(-1);
      const previous = this.ranges[this.current];
      this.current = i;
      const range = this.ranges[i];
      if (window.CSS && CSS.highlights && window.Highlight) {
        if (range) CSS.highlights.set(HIGHLIGHT, new Highlight(range));
        else CSS.highlights.delete(HIGHLIGHT);
      } else {
        document.querySelectorAll('[data-aloud-reading]').forEach((el) => el.removeAttribute('data-aloud-reading'));
        const block = range && range.startContainer.parentElement;
        if (block) block.setAttribute('data-aloud-reading', '');
      }
      if (range && !this.audio.paused) this.follow(range, previous);
      if (i >= 0) {
        const u = this.timings.utterances[i];
        this.dispatchEvent(new CustomEvent('sentence', { detail: { index: i, text: u.text, start_ms: u.start_ms } }));
      }
    }

    // Keeps the spoken sentence in view while the reader is following along: only when
    // the previous sentence was on screen and this one is not.
    follow(range, previous) {
      const inView = (r) => {
        const box = r.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      };
      if (previous && inView(previous) && !inView(range)) {
        const reduce = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
        const target = range.startContainer.parentElement;
        if (target) target.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
      }
    }

    // ----- controls -----
    wire() {
      const a = this.audio, ui = this.ui;
      ui.play.addEventListener('click', () => (a.paused ? a.play().catch((e) => this.announce('Cannot play: ' + e.message)) : a.pause()));
      ui.back.addEventListener('click', () => this.seek(a.currentTime - SKIP_SECONDS));
      ui.forward.addEventListener('click', () => this.seek(a.currentTime + SKIP_SECONDS));
      ui.prev.addEventListener('click', () => this.skipParagraph(-1));
      ui.next.addEventListener('click', () => this.skipParagraph(1));
      ui.seek.addEventListener('input', () => { this.seeking = true; this.seek(Number(ui.seek.value)); });
      ui.seek.addEventListener('change', () => { this.seeking = false; });
      ui.rate.addEventListener('change', () => this.setRate(Number(ui.rate.value)));
      this.shadowRoot.addEventListener('keydown', (e) => this.onKey(e));
      a.addEventListener('play', () => {
        if (!this.engaged) { this.engaged = true; this.report('start'); }
        this.render();
        this.announce('Playing');
        this.mediaSession();
        this.followWords();
        this.dispatchEvent(new CustomEvent('play'));
      });
      a.addEventListener('pause', () => {
        this.render();
        this.savePosition();
        if (!a.ended) this.announce('Paused');
        this.dispatchEvent(new CustomEvent('pause'));
      });
      a.addEventListener('timeupdate', () => this.onTime());
      a.addEventListener('seeked', () => this.onTime());
      a.addEventListener('ended', () => {
        storage.remove(this.positionKey());
        this.report('complete');
        this.announce('Finished');
        this.render();
        this.dispatchEvent(new CustomEvent('ended'));
      });
      a.addEventListener('error', () => { if (a.src) this.showNote('The audio could not be loaded.'); });
      window.addEventListener('pagehide', () => this.savePosition());
    }

    onKey(e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement;
      const a = this.audio;
      if (e.key === 'k' || (e.key === ' ' && !onControl)) { a.paused ? a.play().catch(() => {}) : a.pause(); }
      else if (e.key === 'j') this.seek(a.currentTime - SKIP_SECONDS);
      else if (e.key === 'l') this.seek(a.currentTime + SKIP_SECONDS);
      else return;
      e.preventDefault();
    }

    setRate(rate, quiet) {
      if (!RATES.includes(rate)) rate = 1;
      this.audio.playbackRate = rate;
      this.audio.defaultPlaybackRate = rate;
      this.ui.rate.value = String(rate);
      if (!quiet) {
        storage.set('aloud:rate', String(rate));
        this.announce('Speed ' + rate + ' times');
      }
      this.render();
    }

    // Paragraph starts: the first utterance of each block.
    skipParagraph(direction) {
      const us = this.timings.utterances;
      const starts = us.filter((u, i) => i === 0 || u.block !== us[i - 1].block).map((u) => u.start_ms / 1000);
      const now = this.audio.currentTime;
      let target;
      if (direction > 0) {
        target = starts.find((s) => s > now + 0.05);
        if (target === undefined) return;
      } else {
        const before = starts.filter((s) => s <= now + 0.05);
        // Within the first 2 s of a paragraph, go to the one before it.
        target = before.length && now - before[before.length - 1] > 2 ? before[before.length - 1] : before.length > 1 ? before[before.length - 2] : 0;
      }
      this.seek(target);
    }

    onTime() {
      const a = this.audio;
      this.syncHighlights();
      const total = this.totalSeconds();
      if (total > 0 && !a.paused) {
        for (const q of [25, 50, 75]) {
          if (a.currentTime / total >= q / 100 && !this.quartiles.has(q)) {
            this.quartiles.add(q);
            this.report('q' + q);
            this.dispatchEvent(new CustomEvent('progress', { detail: { quartile: q, currentTime: a.currentTime } }));
          }
        }
      }
      if (Math.abs(a.currentTime - this.lastSaved) >= 5) this.savePosition();
      if ('mediaSession' in navigator && navigator.mediaSession.setPositionState && total > 0) {
        try {
          navigator.mediaSession.setPositionState({ duration: total, playbackRate: a.playbackRate, position: Math.min(a.currentTime, total) });
        } catch (_) { /* position past the end while seeking */ }
      }
      this.render();
    }

    render() {
      const a = this.audio, ui = this.ui, total = this.totalSeconds();
      const now = Math.min(a.currentTime || 0, total);
      ui.elapsed.textContent = clock(now);
      ui.remaining.textContent = total ? '−' + clock(total - now) : '';
      if (!this.seeking) ui.seek.value = String(Math.round(now));
      ui.seek.setAttribute('aria-valuetext', spokenTime(now) + ' of ' + spokenTime(total));
      const playing = !a.paused;
      ui.play.innerHTML = playing ? ICONS.pause : ICONS.play;
      const title = this.timings && this.timings.meta && this.timings.meta.title;
      ui.play.setAttribute('aria-label', (playing ? 'Pause' : 'Play') + (title ? ': ' + title : ''));
      ui.play.setAttribute('aria-pressed', String(playing));
      this.toggleAttribute('playing', playing);
    }

    announce(message) { this.ui.status.textContent = message; }

    // ----- where the listener left off -----
    positionKey() { return 'aloud:position:' + this.server + ':' + this.articleId; }

    savePosition() {
      if (!this.timings) return;
      const t = this.audio.currentTime;
      this.lastSaved = t;
      if (t > 3) storage.set(this.positionKey(), JSON.stringify({ v: this.article.version, t }));
    }

    restorePosition() {
      let saved;
      try { saved = JSON.parse(storage.get(this.positionKey()) || 'null'); } catch (_) { saved = null; }
      const total = this.totalSeconds();
      if (saved && saved.v === this.article.version && saved.t > 3 && saved.t < total - 5) {
        this.audio.currentTime = saved.t;
        this.lastSaved = saved.t;
        this.showNote('Resuming at ' + clock(saved.t) + '.');
      }
    }

    // ----- lock screen, headset -----
    mediaSession() {
      if (!('mediaSession' in navigator) || !window.MediaMetadata) return;
      const m = (this.timings && this.timings.meta) || {};
      const artwork = this.getAttribute('artwork') || m.image;
      navigator.mediaSession.metadata = new MediaMetadata({
        title: m.title || document.title,
        artist: m.byline || m.site_name || '',
        album: m.site_name || location.hostname,
        artwork: artwork ? [{ src: artwork }] : [],
      });
      const a = this.audio, set = (action, fn) => { try { navigator.mediaSession.setActionHandler(action, fn); } catch (_) { /* unsupported */ } };
      set('play', () => a.play());
      set('pause', () => a.pause());
      set('seekbackward', (d) => this.seek(a.currentTime - ((d && d.seekOffset) || SKIP_SECONDS)));
      set('seekforward', (d) => this.seek(a.currentTime + ((d && d.seekOffset) || SKIP_SECONDS)));
      set('seekto', (d) => this.seek(d.seekTime));
      set('previoustrack', () => this.skipParagraph(-1));
      set('nexttrack', () => this.skipParagraph(1));
    }

    // ----- first-party listen analytics -----
    report(event) {
      if (this.getAttribute('analytics') === 'off' || !this.articleId) return;
      const url = this.server + '/v1/articles/' + encodeURIComponent(this.articleId) + '/listens';
      const body = JSON.stringify({ event, session: this.session });
      // A text/plain body needs no CORS preflight; sendBeacon survives page unload.
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, { method: 'POST', body, keepalive: true, mode: 'no-cors' }).catch(() => {});
      }
    }
  }

  customElements.define('aloud-player', AloudPlayer);
})();
