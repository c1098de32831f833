// End-to-end tests of <aloud-player> and the web app in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core). A real `aloud serve` narrates a page of
// our own, served on loopback like a publisher's article; the player on that page must
// play it, follow it in the page's own text, seek, change speed, work from the keyboard,
// report listens, and pass an axe-core accessibility check.
//
// Needs target/release/aloud (built by `cargo test --release`). Screenshots go to
// target/browser-screenshots/, and to docs/screenshots/ when ALOUD_SCREENSHOTS=docs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = process.env.ALOUD_BIN || path.join(ROOT, 'target', 'release', 'aloud');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const HOST_PAGE = fs.readFileSync(path.join(ROOT, 'tests', 'data', 'player-host.html'), 'utf8');
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = [path.join(ROOT, 'target', 'browser-screenshots')];
if (process.env.ALOUD_SCREENSHOTS === 'docs') SHOTS.push(path.join(ROOT, 'docs', 'screenshots'));

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let dataDir, lexiconDir, server, aloud, apiKey, host, hostUrl, browser, articleId, timings;
// When set, the publisher's page carries no article id: the player looks it up by URL.
let tagWithoutId = false;

// What the player compares texts by: letters and digits only.
const matchKey = (t) => t.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

async function startAloud() {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aloud-browser-'));
  lexiconDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aloud-lexicons-'));
  apiKey = execFileSync(BIN, ['keys', 'create', 'browser-test', '--data', dataDir]).toString().trim();
  // The self-check is on, as it is by default.
  server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', dataDir,
    '--fetch-allow', '127.0.0.1', '--rate-limit', '1000', '--voice', 'en_US-joe-medium', '--check', 'true'],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ALOUD_LEXICON_DIR: lexiconDir } });
  let log = '';
  aloud = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('aloud serve did not start:\n' + log)), 30000);
    server.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`aloud serve exited ${code}:\n${log}`)));
  });
}

// The publisher's site: our example article with the player tag in it.
async function startHost() {
  host = http.createServer((req, res) => {
    if (req.url !== '/story') { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOST_PAGE.replaceAll('{{ALOUD}}', aloud).replaceAll('{{ARTICLE}}', tagWithoutId ? '' : articleId || ''));
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${host.address().port}/story`;
}

async function api(pathname, init = {}) {
  const res = await fetch(aloud + pathname, {
    ...init,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(init.headers || {}) },
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function waitDone(id) {
  for (let i = 0; i < 600; i++) {
    const { body } = await api(`/v1/articles/${id}`);
    if (body.status === 'done') return body;
    if (body.status === 'failed') throw new Error('narration failed: ' + body.error);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('narration did not finish');
}

async function newPage(viewport = DESKTOP, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  return page;
}

async function openStory(viewport, options) {
  const page = await newPage(viewport, options);
  await page.goto(hostUrl);
  await page.waitForFunction(() => window.playerEvents.includes('ready'), null, { timeout: 15000 });
  return page;
}

const state = (page) => page.evaluate(() => {
  const p = document.querySelector('aloud-player');
  const h = window.CSS && CSS.highlights && CSS.highlights.get('aloud-current');
  return {
    time: p.currentTime, index: p.currentUtterance, paused: p.paused, rate: p.playbackRate,
    highlighted: h ? [...h][0].toString() : null,
  };
});

function expectedIndex(seconds) {
  let found = -1;
  timings.utterances.forEach((u, i) => { if (u.start_ms <= seconds * 1000) found = i; });
  return found;
}

async function screenshot(page, name) {
  for (const dir of SHOTS) {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, name) });
  }
}

async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

before(async () => {
  await startAloud();
  await startHost();
  const submitted = await api('/v1/articles', {
    method: 'POST', body: JSON.stringify({ url: hostUrl, publisher: 'ledger' }),
  });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  articleId = submitted.body.id;
  await waitDone(articleId);
  // The self-check may publish a better take of a sentence as a new version after
  // "done": wait for its report on the version served, so the timings read here are
  // the ones the player loads (a retake moves the words after it).
  for (let i = 0; ; i++) {
    const check = await (await fetch(aloud + `/v1/articles/${articleId}/check`)).json();
    if (check.status !== 'pending') break;
    if (i >= 600) throw new Error('the check did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
  const done = await waitDone(articleId);
  timings = await (await fetch(aloud + done.links.timings)).json();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (host) host.close();
  if (server) server.kill('SIGTERM');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (lexiconDir) fs.rmSync(lexiconDir, { recursive: true, force: true });
});

test('the narration of the page skipped its navigation, footer and caption', () => {
  const said = timings.utterances.map((u) => u.text).join(' ');
  assert.match(said, /vote next month/, 'link text is read');
  assert.doesNotMatch(said, /Privacy|Sport|Coastal Ledger\. /);
  assert.ok(timings.utterances.length >= 10, 'enough sentences to follow');
});

test('player.js is one small script', async () => {
  const res = await fetch(aloud + '/player.js');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /javascript/);
  const size = (await res.arrayBuffer()).byteLength;
  assert.ok(size <= 30 * 1024, `player.js is ${size} bytes`);
});

test('plays on the publisher page, highlighting the spoken sentence in its own text', async () => {
  const page = await openStory();
  // The duration is known before playing.
  const total = timings.duration_ms / 1000;
  assert.equal(await page.locator('aloud-player .duration').textContent(), clock(total));
  assert.equal((await state(page)).paused, true);

  await page.getByRole('button', { name: /^Play/ }).click();
  await page.waitForFunction(() => document.querySelector('aloud-player').currentTime > 1.5, null, { timeout: 10000 });
  const first = await state(page);
  assert.equal(first.paused, false);
  assert.notEqual(await page.locator('aloud-player .elapsed').textContent(), '0:00');

  // The highlighted words are the sentence the timings put at this moment.
  for (const s of [first]) {
    assert.ok(s.index >= 0);
    assert.ok([s.index, s.index + 1].includes(expectedIndex(s.time)), `index ${s.index} at ${s.time}s`);
    assert.equal(matchKey(s.highlighted), matchKey(timings.utterances[s.index].text));
  }
  // …and it moves on with the audio.
  await page.waitForFunction((i) => document.querySelector('aloud-player').currentUtterance > i, first.index, { timeout: 15000 });
  const later = await state(page);
  assert.notEqual(later.highlighted, first.highlighted);
  assert.equal(matchKey(later.highlighted), matchKey(timings.utterances[later.index].text));
  assert.ok(await page.evaluate(() => window.playerEvents.includes('play')));

  // The lock screen shows the article.
  const title = await page.evaluate(() => navigator.mediaSession.metadata && navigator.mediaSession.metadata.title);
  assert.equal(title, timings.meta.title);

  // Clicking a later sentence in the page seeks there.
  const target = timings.utterances.findIndex((u) => u.text.startsWith('Some fishermen worry'));
  assert.ok(target > later.index, 'a later sentence exists');
  const point = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.getElementById('story'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf('fishermen worry');
      if (at >= 0) {
        const r = document.createRange();
        r.setStart(n, at); r.setEnd(n, at + 9);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const box = r.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    return null;
  });
  assert.ok(point);
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction((i) => document.querySelector('aloud-player').currentUtterance === i, target, { timeout: 5000 });
  const sought = await state(page);
  const start = timings.utterances[target].start_ms / 1000;
  assert.ok(sought.time >= start - 0.05 && sought.time < start + 2, `seeked to ${sought.time}, sentence starts ${start}`);
  assert.equal(matchKey(sought.highlighted), matchKey(timings.utterances[target].text));

  // Next and previous paragraph.
  const blockStarts = timings.utterances.filter((u, i) => i === 0 || u.block !== timings.utterances[i - 1].block)
    .map((u) => u.start_ms / 1000);
  await page.getByRole('button', { name: 'Next paragraph' }).click();
  const next = blockStarts.find((s) => s > sought.time + 0.05);
  assert.ok(Math.abs((await state(page)).time - next) < 0.5, 'next paragraph');
  await page.getByRole('button', { name: 'Previous paragraph' }).click();
  assert.ok(Math.abs((await state(page)).time - blockStarts[blockStarts.indexOf(next) - 1]) < 0.5, 'previous paragraph');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('highlights the word being heard inside its sentence, and a click on a word seeks to it', async () => {
  const timed = timings.utterances.filter((u) => (u.words || []).length > 0);
  assert.equal(timed.length, timings.utterances.length, 'every sentence has word timings');
  const page = await openStory();
  await page.evaluate(() => {
    window.wordEvents = [];
    document.querySelector('aloud-player').addEventListener('word', (e) => window.wordEvents.push(e.detail));
  });
  await page.getByRole('button', { name: /^Play/ }).click();
  // Sample the highlights for a few seconds of speech.
  const samples = [];
  for (let k = 0; k < 60; k++) {
    samples.push(await page.evaluate(() => {
      const p = document.querySelector('aloud-player');
      const h = CSS.highlights.get('aloud-word');
      return { time: p.currentTime, index: p.currentUtterance, word: p.currentWord, text: h ? [...h][0].toString() : null };
    }));
    await page.waitForTimeout(50);
  }
  await page.getByRole('button', { name: /^Pause/ }).click();
  const heard = samples.filter((s) => s.word >= 0);
  assert.ok(heard.length > 30, `${heard.length} samples with a word highlighted`);
  for (const s of heard) {
    const words = timings.utterances[s.index].words;
    // The highlighted text is the word timings.json puts at that moment (the sample's
    // time is read a moment after the highlight was drawn: one word of slack).
    assert.equal(matchKey(s.text), matchKey(words[s.word].text), JSON.stringify(s));
    const expected = words.filter((w) => w.start_ms <= s.time * 1000).length - 1;
    assert.ok(Math.abs(expected - s.word) <= 1, `word ${s.word}, timings say ${expected} at ${s.time}s`);
  }
  // Several words per sentence, not one highlight per sentence.
  const perSentence = new Map();
  for (const s of heard) perSentence.set(s.index, (perSentence.get(s.index) || new Set()).add(s.word));
  assert.ok(Math.max(...[...perSentence.values()].map((w) => w.size)) >= 4, JSON.stringify([...perSentence]));
  const events = await page.evaluate(() => window.wordEvents);
  assert.ok(events.length >= 5 && events.every((e) => typeof e.text === 'string' && e.start_ms >= 0));
  // The live region is not told every word.
  assert.doesNotMatch(await page.locator('aloud-player [role=status]').textContent(), /fishermen/);

  // A click on a word seeks to that word.
  const target = timings.utterances.findIndex((u) => u.text.startsWith('Some fishermen worry'));
  const word = timings.utterances[target].words.find((w) => w.text === 'worry');
  assert.ok(word, 'the word is timed');
  const point = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.getElementById('story'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf('fishermen worry');
      if (at >= 0) {
        const r = document.createRange();
        r.setStart(n, at + 10); r.setEnd(n, at + 15);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const box = r.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    return null;
  });
  await page.evaluate(() => {
    const audio = document.querySelector('aloud-player').shadowRoot.querySelector('audio');
    audio.addEventListener('seeking', () => { window.soughtTo = audio.currentTime; }, { once: true });
  });
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => window.soughtTo !== undefined);
  const soughtTo = await page.evaluate(() => window.soughtTo);
  assert.ok(Math.abs(soughtTo - word.start_ms / 1000) <= 0.05, `seeked to ${soughtTo}s, the word starts at ${word.start_ms} ms`);
  await page.waitForFunction(() => {
    const h = CSS.highlights.get('aloud-word');
    return h && [...h][0].toString() === 'worry';
  }, null, { timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('speed changes take effect, and speed and position are remembered', async () => {
  const page = await openStory();
  await page.getByRole('button', { name: /^Play/ }).click();
  await page.locator('aloud-player select').selectOption('1.5');
  assert.equal((await state(page)).rate, 1.5);
  const t0 = await state(page);
  await page.waitForTimeout(3000);
  const t1 = await state(page);
  // Three wall seconds at 1.5× play about 4.5 seconds of audio.
  assert.ok(t1.time - t0.time > 3.6, `advanced ${t1.time - t0.time}s in 3s at 1.5x`);
  await page.getByRole('button', { name: /^Pause/ }).click();
  const left = (await state(page)).time;
  assert.ok(left > 3);

  await page.reload();
  await page.waitForFunction(() => window.playerEvents.includes('ready'));
  const back = await state(page);
  assert.equal(back.rate, 1.5);
  assert.equal(await page.locator('aloud-player select').inputValue(), '1.5');
  assert.ok(Math.abs(back.time - left) < 0.5, `resumed at ${back.time}, left at ${left}`);
  assert.match(await page.locator('aloud-player .note').textContent(), /Resuming at/);
  await page.context().close();
});

test('works from the keyboard alone, with visible focus', async () => {
  const page = await openStory();
  const focused = () => page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? { label: el.getAttribute('aria-label') || el.textContent.trim(), outline: getComputedStyle(el).outlineStyle } : null;
  });
  let tabs = 0;
  for (; tabs < 15; tabs++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    if (f && /^Play/.test(f.label)) break;
  }
  assert.ok(tabs < 15, 'the play button is reachable with Tab');
  assert.notEqual((await focused()).outline, 'none', 'focus is visible');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /^Pause/.test(document.querySelector('aloud-player').shadowRoot.activeElement.getAttribute('aria-label')));
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if ((await focused()).label === 'Forward 15 seconds') break;
  }
  assert.equal((await focused()).label, 'Forward 15 seconds');
  const before15 = (await state(page)).time;
  await page.keyboard.press('Enter');
  const after15 = (await state(page)).time;
  assert.ok(after15 - before15 > 14 && after15 - before15 < 16.5, `+15 moved ${after15 - before15}s`);
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('aloud-player').paused);
  // The seek slider answers arrow keys.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Shift+Tab');
    if ((await focused()).label === 'Seek') break;
  }
  const beforeArrow = (await state(page)).time;
  await page.keyboard.press('ArrowRight');
  assert.ok((await state(page)).time > beforeArrow, 'ArrowRight on the slider moves forward');
  await page.context().close();
});

test('reports events to the page and listens to the server', async () => {
  const page = await openStory();
  await page.evaluate(() => {
    const p = document.querySelector('aloud-player');
    p.seek(p.duration - 1.5);
    return p.play();
  });
  await page.waitForFunction(() => window.playerEvents.includes('ended'), null, { timeout: 15000 });
  const events = await page.evaluate(() => window.playerEvents);
  for (const e of ['play', 'progress:25', 'progress:50', 'progress:75', 'ended']) {
    assert.ok(events.includes(e), `${e} in ${events}`);
  }
  let listens;
  for (let i = 0; i < 50; i++) {
    listens = (await api(`/v1/articles/${articleId}`)).body.listens;
    if (listens.completions >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(listens.starts >= 1 && listens.reached_75 >= 1 && listens.completions >= 1, JSON.stringify(listens));
  // A finished article starts from the top next time.
  await page.reload();
  await page.waitForFunction(() => window.playerEvents.includes('ready'));
  assert.ok((await state(page)).time < 1);
  await page.context().close();
});

test('without an id, the player finds the narration of the page it is on', async () => {
  tagWithoutId = true;
  try {
    const page = await openStory();
    assert.equal(await page.evaluate(() => document.querySelector('aloud-player').articleId), articleId);
    assert.equal(await page.locator('aloud-player .duration').textContent(), clock(timings.duration_ms / 1000));
    await page.context().close();
  } finally {
    tagWithoutId = false;
  }
});

test('an unknown article says so instead of showing a broken player', async () => {
  const page = await newPage();
  await page.goto(aloud + '/');
  await page.evaluate((src) => {
    const s = document.createElement('script');
    s.src = src + '/player.js';
    document.body.append(s);
    const p = document.createElement('aloud-player');
    p.setAttribute('article', 'nosucharticle');
    document.body.append(p);
  }, aloud);
  await page.waitForFunction(() => {
    const p = document.querySelector('aloud-player');
    return p && p.shadowRoot && /no narration/.test(p.shadowRoot.querySelector('.note').textContent);
  }, null, { timeout: 5000 });
  assert.equal(await page.locator('aloud-player .play').isDisabled(), true);
  await page.context().close();
});

test('fits a phone screen and honours reduced motion', async () => {
  const page = await openStory(PHONE, { reducedMotion: 'reduce', isMobile: true, hasTouch: true });
  const fit = await page.evaluate(() => {
    const p = document.querySelector('aloud-player');
    const controls = [...p.shadowRoot.querySelectorAll('button, select, input')];
    return {
      overflow: document.documentElement.scrollWidth > window.innerWidth,
      outside: controls.filter((c) => { const b = c.getBoundingClientRect(); return b.left < 0 || b.right > window.innerWidth; }).length,
      transition: getComputedStyle(p.shadowRoot.querySelector('button.skip')).transitionDuration,
    };
  });
  assert.deepEqual(fit, { overflow: false, outside: 0, transition: '0s' });
  await screenshot(page, 'player-phone.png');
  await page.context().close();
});

test('the publisher page with the player has no serious accessibility issue', async () => {
  const page = await openStory();
  await page.getByRole('button', { name: /^Play/ }).click();
  await page.waitForFunction(() => document.querySelector('aloud-player').currentUtterance >= 1, null, { timeout: 10000 });
  await page.getByRole('button', { name: /^Pause/ }).click();
  await screenshot(page, 'player-desktop.png');
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('web app: paste text, watch it narrate, listen with read-along, copy the feed link', async () => {
  const page = await newPage(DESKTOP, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(aloud + '/');
  assert.deepEqual(await axeViolations(page), []);
  // The article narrated for the publisher is listed, with its podcast feed.
  await page.getByRole('link', { name: timings.meta.title }).waitFor();
  const feedInput = page.getByLabel('Podcast feed of ledger');
  assert.equal(await feedInput.inputValue(), `${aloud}/feeds/ledger.xml`);
  await page.getByRole('button', { name: 'Copy link' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${aloud}/feeds/ledger.xml`);

  const text = 'Lanterns on the river.\n\nThe lantern festival drew a quiet crowd on Saturday night. ' +
    'Hundreds of paper lights drifted past the old mill before midnight.\n\n' +
    'Organisers said the rain held off just long enough.';
  await page.getByLabel('Paste a link to an article, or its text').fill(text);
  await page.getByRole('button', { name: 'Narrate' }).click();
  await page.waitForURL(/\/a\/[0-9a-f]+$/);
  // Progress while narrating, then the player (the page reloads itself when done).
  await page.waitForFunction(() => {
    const p = document.querySelector('aloud-player');
    return (p && p.duration > 0) || document.querySelector('#progress');
  });
  await page.waitForFunction(() => {
    const p = document.querySelector('aloud-player');
    return p && p.duration > 0;
  }, null, { timeout: 60000 });
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Lanterns on the river.');
  await page.getByRole('button', { name: /^Play/ }).click();
  await page.waitForFunction(() => {
    const h = CSS.highlights.get('aloud-current');
    return h && /lantern festival/.test([...h][0].toString());
  }, null, { timeout: 15000 });
  await page.getByRole('button', { name: /^Pause/ }).click();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'webapp-desktop.png');
  await page.setViewportSize(PHONE);
  await screenshot(page, 'webapp-phone.png');

  // A bad submission is refused with a clear message.
  await page.goto(aloud + '/');
  await page.getByLabel('Paste a link to an article, or its text').fill('ftp://example.com/x');
  const response = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Narrate' }).click(),
  ]).then(([r]) => r);
  assert.equal(response.status(), 400);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('editor: the check names a word a rule says wrong; listen, save the fix, narrate again', async () => {
  // A slip in the publisher's lexicon: "river" said as "table".
  const slip = await api('/v1/publishers/gazette/lexicon', {
    method: 'POST', body: JSON.stringify({ rules: [{ word: 'river', ipa: 'tˈeɪbəl' }] }),
  });
  assert.equal(slip.status, 200, JSON.stringify(slip.body));
  const text = 'Flood Watch.\n\nThe river rose four feet overnight and flooded the lower streets of the town.';
  const submitted = await api('/v1/articles', { method: 'POST', body: JSON.stringify({ text, publisher: 'gazette' }) });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  const id = submitted.body.id;
  await waitDone(id);

  const page = await newPage();
  await page.goto(`${aloud}/a/${id}`);
  const item = page.locator('#check li').filter({ hasText: 'river' });
  await item.waitFor({ timeout: 120000 });
  assert.match(await item.textContent(), /pronunciation rule makes it sound so/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'editor-check.png');

  await page.getByLabel('API key (to listen and save)').fill(apiKey);
  await item.getByLabel('Say “river” as').fill('river');
  const [speech] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/v1/audio/speech')),
    item.getByRole('button', { name: 'Listen' }).click(),
  ]);
  assert.equal(speech.status(), 200);
  assert.equal(speech.headers()['content-type'], 'audio/mpeg');
  await item.getByRole('button', { name: 'Save for gazette' }).click();
  await item.getByRole('button', { name: 'Narrate again' }).click();
  // The page follows the new narration, then its check: the word is heard as meant.
  await page.waitForFunction(() => {
    const status = document.querySelector('#check .check-status');
    return status && /Every word was heard as meant/.test(status.textContent);
  }, null, { timeout: 180000 });
  const script = await (await fetch(`${aloud}/v1/articles/${id}/script.txt`)).text();
  assert.match(script, /The river rose/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
