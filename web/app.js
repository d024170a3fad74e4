// The analyst page of `embargo serve`: name search (GET /search, POST /match), entity
// pages (GET /entities/ID), text scanning (POST /scan), the loaded lists (GET /catalog),
// and the alert queue with decisions and four-eyes approval (GET /alerts, GET /alerts/ID,
// POST /alerts/ID/decision, POST /alerts/ID/approve).
// Plain script, no build step, no dependencies. Every value from the API reaches the page
// through textContent or attributes, never as HTML. Routes live in the URL hash:
//   #/?q=NAME&schema=S&dob=D&country=C   search (bookmarkable; runs on load)
//   #/scan                                text scan
//   #/entity/ID                           one entity
//   #/alerts?status=open                  the alert queue (status "" = all)
//   #/alert/ID                            one alert: explanation, decision, approval
// API paths are relative, so the page also works behind a reverse proxy under a prefix.
'use strict';

(() => {
  const SEARCH_LIMIT = 10;

  // ---- DOM helpers -----------------------------------------------------------------------

  const $ = (selector) => document.querySelector(selector);

  // h('a', {href: '#/', class: 'x'}, 'text', childNode, [more], null) -> element.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  function clear(el) {
    el.replaceChildren();
    return el;
  }

  const fmtScore = (x) => (typeof x === 'number' && isFinite(x) ? x.toFixed(2) : '–');
  const fmtInt = (n) => (typeof n === 'number' ? n.toLocaleString('en') : String(n));
  const asArray = (v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const entityHref = (id) => `#/entity/${encodeURIComponent(id)}`;

  // "passportNumber" -> "Passport number"
  function humanize(key) {
    const words = String(key).replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  let regionNames = null;
  try {
    regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    regionNames = null;
  }

  // "ru" -> "Russia (RU)"; anything else unchanged.
  function countryLabel(code) {
    const s = String(code);
    if (!/^[a-z]{2}$/i.test(s) || !regionNames) return s;
    try {
      const name = regionNames.of(s.toUpperCase());
      return name && name !== s.toUpperCase() ? `${name} (${s.toUpperCase()})` : s;
    } catch {
      return s;
    }
  }

  // ---- API -------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  // {"detail": "..."} or FastAPI-style {"detail": [{"msg": ...}]}.
  function detailOf(body) {
    if (!body || typeof body !== 'object') return '';
    const d = body.detail;
    if (typeof d === 'string') return d;
    if (Array.isArray(d)) return d.map((x) => (x && x.msg) || JSON.stringify(x)).join('; ');
    if (d !== undefined) return JSON.stringify(d);
    return '';
  }

  async function api(path, options = {}) {
    const init = { method: options.method || 'GET', headers: { Accept: 'application/json' } };
    if (options.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, `Cannot reach the embargo server (${e.message}).`);
    }
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!res.ok) {
      const detail = detailOf(body) || text.trim().slice(0, 300) || res.statusText;
      throw new ApiError(res.status, detail || 'request failed');
    }
    if (body === null || typeof body !== 'object') {
      throw new ApiError(res.status, `The server's answer to ${path} is not JSON.`);
    }
    return body;
  }

  // ---- Messages --------------------------------------------------------------------------

  const errorBox = $('#error');
  const statusBox = $('#status');

  function showError(err, what) {
    const status = err instanceof ApiError && err.status ? ` (HTTP ${err.status})` : '';
    clear(errorBox).append(
      h('strong', null, `${what} failed${status}: `),
      err instanceof ApiError ? err.message : `unexpected error: ${err && err.message}`,
    );
    setStatus('');
    if (!(err instanceof ApiError)) console.error(err);
  }

  function clearError() {
    clear(errorBox);
  }

  function setStatus(text) {
    statusBox.textContent = text;
  }

  // ---- Catalog (header) ------------------------------------------------------------------

  const datasetTitles = new Map();

  async function loadCatalog() {
    const summary = $('#catalog-summary');
    const list = clear($('#catalog-list'));
    try {
      const body = await api('catalog');
      const datasets = asArray(body.datasets).filter((d) => d && typeof d === 'object');
      let total = 0;
      let known = true;
      for (const d of datasets) {
        const name = d.name || '(unnamed)';
        const count = d.entity_count ?? d.entities ?? d.count;
        if (typeof count === 'number') total += count;
        else known = false;
        if (d.title) datasetTitles.set(name, d.title);
        const facts = [];
        if (count !== undefined) facts.push(`${fmtInt(count)} entities`);
        if (d.version) facts.push(`version ${d.version}`);
        list.append(h('li', null,
          h('span', { class: 'ds-title' }, d.title || name),
          d.title ? h('code', { class: 'ds-name' }, name) : null,
          facts.length ? h('span', { class: 'ds-facts' }, facts.join(', ')) : null));
      }
      const n = datasets.length;
      summary.textContent = n === 0
        ? 'No list loaded'
        : `${n} ${n === 1 ? 'list' : 'lists'} loaded` + (known ? `, ${fmtInt(total)} entities` : '');
    } catch (err) {
      summary.textContent = `Lists unavailable: ${err.message}`;
    }
  }

  function datasetChips(datasets) {
    return h('span', { class: 'datasets' },
      asArray(datasets).map((d) => h('span', { class: 'chip', title: datasetTitles.get(d) || null }, d)));
  }

  // ---- Results and explanations -----------------------------------------------------------

  function scoreView(score, match) {
    const pct = typeof score === 'number' ? Math.max(0, Math.min(1, score)) * 100 : 0;
    const fill = h('span', { class: 'score-fill' });
    fill.style.width = `${pct.toFixed(1)}%`;
    return h('span', { class: `score${match ? ' is-match' : ''}` },
      h('span', { class: 'score-bar', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'score-num' }, h('span', { class: 'visually-hidden' }, 'score '), fmtScore(score)));
  }

  function fmtFeatureValue(key, value) {
    if (typeof value === 'number') {
      if (key === 'contribution') return (value >= 0 ? '+' : '') + value.toFixed(3);
      return Number.isInteger(value) ? String(value) : value.toFixed(3);
    }
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  // A table over the union of the objects' keys, preferred keys first.
  function objectTable(rows, preferred, caption, cls) {
    const keys = [];
    for (const k of preferred) if (rows.some((r) => r && k in r)) keys.push(k);
    for (const r of rows) for (const k of Object.keys(r || {})) if (!keys.includes(k)) keys.push(k);
    return h('table', { class: cls },
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, keys.map((k) => h('th', { scope: 'col' }, humanize(k))))),
      h('tbody', null, rows.map((r) => h('tr', null,
        keys.map((k) => h('td', { class: typeof (r || {})[k] === 'number' ? 'num' : null },
          fmtFeatureValue(k, (r || {})[k])))))));
  }

  function explanationView(expl, open) {
    const body = [];
    const name = expl && expl.name;
    if (name && typeof name === 'object') {
      body.push(h('p', { class: 'met' },
        'Query name ', h('q', null, name.query ?? '?'), ' met list name ', h('q', null, name.matched ?? '?'),
        typeof name.similarity === 'number' ? ` (name similarity ${fmtScore(name.similarity)})` : ''));
      const parts = asArray(name.parts).filter((p) => p && typeof p === 'object');
      if (parts.length) {
        body.push(h('table', { class: 'parts' },
          h('caption', null, 'Name parts'),
          h('thead', null, h('tr', null,
            ['Query', 'List name', 'How', 'Similarity'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, parts.map((p) => h('tr', null,
            h('td', null, p.query ?? ''), h('td', null, p.candidate ?? ''), h('td', null, p.how ?? ''),
            h('td', { class: 'num' }, fmtScore(p.similarity)))))));
      }
      const extras = [['Only in the query', name.query_extra], ['Only in the list name', name.candidate_extra]];
      const extraItems = extras.filter(([, v]) => asArray(v).length)
        .map(([label, v]) => [h('dt', null, label), h('dd', null, asArray(v).join(', '))]);
      if (extraItems.length) body.push(h('dl', { class: 'extra' }, extraItems));
    }
    const features = asArray(expl && expl.features).filter((f) => f && typeof f === 'object');
    if (features.length) {
      body.push(objectTable(features, ['feature', 'name', 'detail', 'contribution'], 'Evidence', 'features'));
    }
    // Anything else the server adds to the explanation, shown as it is.
    for (const [k, v] of Object.entries(expl || {})) {
      if (k === 'name' || k === 'features') continue;
      body.push(h('div', { class: 'other-expl' }, h('h4', null, humanize(k)), genericValue(v)));
    }
    if (!body.length) body.push(h('p', null, 'No explanation given.'));
    return h('details', { class: 'explanation', open }, h('summary', null, 'Why this result'), body);
  }

  function resultView(r, index) {
    const titleId = `result-${index}-title`;
    return h('li', { class: `result${r.match ? ' is-match' : ''}` },
      h('article', { 'aria-labelledby': titleId },
        h('div', { class: 'result-head' },
          h('span', { class: 'rank', 'aria-hidden': 'true' }, String(index + 1)),
          h('h3', { id: titleId, class: 'caption' },
            r.id ? h('a', { href: entityHref(r.id) }, r.caption || r.id) : (r.caption || '(no caption)')),
          r.match ? h('span', { class: 'badge match' }, 'match') : null,
          scoreView(r.score, r.match)),
        h('p', { class: 'meta' },
          h('span', { class: 'schema' }, r.schema || 'Thing'), ' ', datasetChips(r.datasets), ' ',
          r.id ? h('code', { class: 'entity-id' }, r.id) : null),
        explanationView(r.explanations, index === 0)));
  }

  // ---- Search ----------------------------------------------------------------------------

  const searchForm = $('#search-form');
  let searchSeq = 0;
  let shownSearchKey = null;

  function readSearchForm() {
    const f = searchForm.elements;
    return {
      q: f.name.value.trim(),
      schema: f.schema.value,
      dob: f.birthDate.value.trim(),
      country: f.country.value.trim(),
    };
  }

  function fillSearchForm(p) {
    const f = searchForm.elements;
    f.name.value = p.q || '';
    f.schema.value = ['Person', 'Organization', 'Vessel', 'Aircraft'].includes(p.schema) ? p.schema : '';
    f.birthDate.value = p.dob || '';
    f.country.value = p.country || '';
  }

  function searchHash(p) {
    const qs = new URLSearchParams();
    for (const k of ['q', 'schema', 'dob', 'country']) if (p[k]) qs.set(k, p[k]);
    return `#/?${qs}`;
  }

  async function runSearch(p) {
    const seq = ++searchSeq;
    const key = searchHash(p);
    clearError();
    if (!p.q) {
      showError(new ApiError(0, 'enter a name to search for.'), 'Search');
      searchForm.elements.name.focus();
      return;
    }
    if (p.dob && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(p.dob)) {
      showError(new ApiError(0, 'birth date must be YYYY, YYYY-MM or YYYY-MM-DD.'), 'Search');
      searchForm.elements.birthDate.focus();
      return;
    }
    setStatus(`Searching for ${p.q}…`);
    const section = $('#results');
    section.setAttribute('aria-busy', 'true');
    try {
      let results;
      let total;
      if (!p.schema && !p.dob && !p.country) {
        const body = await api(`search/default?${new URLSearchParams({ q: p.q, limit: String(SEARCH_LIMIT) })}`);
        results = asArray(body.results);
        total = body.total;
      } else {
        const properties = { name: [p.q] };
        if (p.dob) properties.birthDate = [p.dob];
        if (p.country) properties.country = [p.country];
        const body = await api(`match/default?limit=${SEARCH_LIMIT}`, {
          method: 'POST',
          body: { queries: { q: { schema: p.schema || 'Thing', properties } } },
        });
        const resp = body.responses && body.responses.q;
        if (!resp) throw new ApiError(0, 'the server answered without responses.q.');
        if (typeof resp.status === 'number' && resp.status >= 400) {
          throw new ApiError(resp.status, detailOf(resp) || 'the query was refused.');
        }
        results = asArray(resp.results);
        total = resp.total;
      }
      if (seq !== searchSeq) return; // a newer search has started
      renderResults(p, results.filter((r) => r && typeof r === 'object'), total);
      shownSearchKey = key;
    } catch (err) {
      if (seq === searchSeq) showError(err, 'Search');
    } finally {
      if (seq === searchSeq) section.removeAttribute('aria-busy');
    }
  }

  function renderResults(p, results, total) {
    const section = $('#results');
    const list = clear($('#results-list'));
    const totalValue = total && typeof total === 'object' ? total.value : total;
    const atLeast = total && typeof total === 'object' && total.relation === 'gte' ? 'at least ' : '';
    const more = typeof totalValue === 'number' && totalValue > results.length
      ? ` (${fmtInt(results.length)} of ${atLeast}${fmtInt(totalValue)} shown)` : '';
    const filters = [p.schema, p.dob && `born ${p.dob}`, p.country && countryLabel(p.country)].filter(Boolean);
    $('#results-title').textContent =
      `Results for “${p.q}”` + (filters.length ? ` (${filters.join(', ')})` : '') + more;
    results.forEach((r, i) => list.append(resultView(r, i)));
    if (!results.length) {
      list.append(h('li', { class: 'empty' }, 'No list entry scored above the threshold.'));
    }
    section.hidden = false;
    const matches = results.filter((r) => r.match).length;
    setStatus(results.length
      ? `${results.length} ${results.length === 1 ? 'result' : 'results'} for ${p.q}, ${matches} ${matches === 1 ? 'match' : 'matches'}.`
      : `No results for ${p.q}.`);
  }

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const p = readSearchForm();
    if (p.q) {
      lastListHash = searchHash(p);
      history.replaceState(null, '', lastListHash);
    }
    runSearch(p);
  });

  // ---- Scan ------------------------------------------------------------------------------

  const scanForm = $('#scan-form');
  let scanSeq = 0;

  async function runScan() {
    const text = scanForm.elements.text.value;
    const seq = ++scanSeq;
    clearError();
    if (!text.trim()) {
      showError(new ApiError(0, 'paste some text to scan.'), 'Scan');
      scanForm.elements.text.focus();
      return;
    }
    setStatus('Scanning…');
    const out = $('#scan-output');
    out.setAttribute('aria-busy', 'true');
    try {
      const body = await api('scan', { method: 'POST', body: { text, format: 'text' } });
      if (seq !== scanSeq) return;
      renderScan(text, asArray(body.mentions).filter((m) => m && typeof m === 'object'));
    } catch (err) {
      if (seq === scanSeq) showError(err, 'Scan');
    } finally {
      if (seq === scanSeq) out.removeAttribute('aria-busy');
    }
  }

  function mentionTitle(m) {
    const r = m.result || {};
    const ds = asArray(r.datasets).join(', ');
    return `${r.caption || r.id || 'unknown entity'}, score ${fmtScore(r.score)}` +
      (r.schema || ds ? ` (${[r.schema, ds].filter(Boolean).join(', ')})` : '');
  }

  // Offsets from the server count Unicode code points, so the text is cut as an array of
  // code points, not as a JavaScript (UTF-16) string.
  function renderScan(text, mentions) {
    const chars = Array.from(text);
    const rendered = clear($('#scan-rendered'));
    const tbody = clear($('#scan-table tbody'));
    const valid = (m) => Number.isInteger(m.start) && Number.isInteger(m.end) &&
      m.start >= 0 && m.end > m.start && m.end <= chars.length;
    const order = mentions.map((m, i) => ({ m, i })).filter(({ m }) => valid(m))
      .sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end);
    const markIds = new Map();
    let pos = 0;
    for (const { m, i } of order) {
      if (m.start < pos) continue; // overlaps the previous mark: listed below only
      rendered.append(chars.slice(pos, m.start).join(''));
      const r = m.result || {};
      const id = `mention-${i}`;
      const label = chars.slice(m.start, m.end).join('');
      const title = mentionTitle(m);
      rendered.append(h('mark', { id, class: r.match === false ? 'weak' : null, title },
        r.id ? h('a', { href: entityHref(r.id), 'aria-label': `${label}: ${title}` }, label) : label));
      markIds.set(i, id);
      pos = m.end;
    }
    rendered.append(chars.slice(pos).join(''));

    mentions.forEach((m, i) => {
      const r = m.result || {};
      const markId = markIds.get(i);
      const text = m.text ?? (valid(m) ? chars.slice(m.start, m.end).join('') : '');
      tbody.append(h('tr', null,
        h('td', null, markId
          ? h('button', {
            type: 'button', class: 'link-like', title: 'Show in the text',
            onclick: () => {
              const target = document.getElementById(markId);
              target.scrollIntoView({ block: 'center', behavior: 'smooth' });
              (target.querySelector('a') || target).focus({ preventScroll: true });
            },
          }, text)
          : text),
        h('td', { class: 'num' }, valid(m) ? `${m.start}–${m.end}` : '?'),
        h('td', null, r.id ? h('a', { href: entityHref(r.id) }, r.caption || r.id) : (r.caption || ''),
          r.schema ? [' ', h('span', { class: 'muted' }, r.schema)] : null),
        h('td', null, scoreView(r.score, r.match)),
        h('td', null, m.how || '')));
    });

    const entities = new Set(mentions.map((m) => (m.result || {}).id).filter(Boolean));
    const n = mentions.length;
    $('#scan-summary').textContent = n
      ? `${n} ${n === 1 ? 'mention' : 'mentions'} of ${entities.size} listed ${entities.size === 1 ? 'entity' : 'entities'} in ${fmtInt(chars.length)} characters.`
      : `No listed name found in ${fmtInt(chars.length)} characters.`;
    $('#scan-table').hidden = n === 0;
    $('#scan-output').hidden = false;
    setStatus($('#scan-summary').textContent);
  }

  scanForm.addEventListener('submit', (event) => {
    event.preventDefault();
    runScan();
  });
  // Ctrl+Enter (or Cmd+Enter) in the text area scans; plain Enter types a newline.
  scanForm.elements.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      scanForm.requestSubmit();
    }
  });

  // ---- Entity page -----------------------------------------------------------------------

  // Known FollowTheMoney properties by section; the rest go to "Other properties".
  const SECTIONS = [
    ['Names', ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'secondName', 'middleName',
      'lastName', 'fatherName', 'motherName', 'patronymic', 'matronymic']],
    ['Sanctions programs', ['programId', 'program', 'topics', 'authority', 'listingDate', 'startDate',
      'endDate', 'provisions', 'reason', 'sanctionStatus', 'unscId']],
    ['Identifiers', ['idNumber', 'passportNumber', 'taxNumber', 'registrationNumber', 'vatCode',
      'innCode', 'ogrnCode', 'okpoCode', 'kppCode', 'leiCode', 'swiftBic', 'dunsCode', 'bikCode',
      'imoNumber', 'mmsi', 'callSign', 'serialNumber', 'icaoCode', 'npiCode', 'uniqueEntityId',
      'wikidataId', 'socialSecurityNumber', 'email', 'phone']],
    ['Dates', ['birthDate', 'deathDate', 'incorporationDate', 'dissolutionDate', 'buildDate',
      'createdAt', 'modifiedAt', 'retrievedAt']],
    ['Places and countries', ['birthPlace', 'birthCountry', 'nationality', 'citizenship', 'country',
      'jurisdiction', 'mainCountry', 'flag', 'pastFlags', 'address']],
    ['Roles and description', ['position', 'title', 'gender', 'legalForm', 'sector', 'classification',
      'status', 'type', 'model', 'description', 'summary', 'notes', 'keywords', 'education',
      'religion', 'ethnicity', 'political']],
    ['Sources', ['sourceUrl', 'website', 'publisher', 'publisherUrl']],
  ];
  const COUNTRY_PROPS = new Set(['nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry',
    'flag', 'pastFlags', 'birthCountry']);
  const LABELS = { weakAlias: 'Weak alias', programId: 'Program', idNumber: 'ID number',
    sourceUrl: 'Source', imoNumber: 'IMO number', mmsi: 'MMSI', swiftBic: 'SWIFT/BIC',
    leiCode: 'LEI', innCode: 'INN', ogrnCode: 'OGRN', vatCode: 'VAT number', dunsCode: 'DUNS' };

  const isUrl = (s) => typeof s === 'string' && /^https?:\/\/\S+$/i.test(s);

  function scalarView(v, prop) {
    if (v && typeof v === 'object') return genericValue(v);
    const s = String(v);
    if (isUrl(s)) return h('a', { href: s, rel: 'noopener noreferrer', target: '_blank' }, s);
    if (COUNTRY_PROPS.has(prop)) return countryLabel(s);
    return s;
  }

  // Any JSON value: scalars as text, arrays as lists, objects as definition lists, and
  // entity references ({id, caption, ...}) as links.
  function genericValue(v) {
    if (v === null || v === undefined) return h('span', { class: 'muted' }, '–');
    if (Array.isArray(v)) {
      if (!v.length) return h('span', { class: 'muted' }, 'none');
      if (v.length === 1) return genericValue(v[0]);
      const flat = (x) => x && typeof x === 'object' && !Array.isArray(x) &&
        Object.values(x).every((y) => y === null || typeof y !== 'object');
      if (v.every(flat)) return objectTable(v, [], null, 'object-table');
      return h('ul', { class: 'values' }, v.map((x) => h('li', null, genericValue(x))));
    }
    if (typeof v === 'object') {
      if (typeof v.id === 'string' && (v.caption || v.schema)) {
        return h('a', { href: entityHref(v.id) }, v.caption || v.id);
      }
      return h('dl', { class: 'object' }, Object.entries(v).map(([k, x]) =>
        [h('dt', null, humanize(k)), h('dd', null, genericValue(x))]));
    }
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return scalarView(v, '');
  }

  function propertyRow(prop, values) {
    const vals = asArray(values);
    return [
      h('dt', null, LABELS[prop] || humanize(prop)),
      h('dd', null, vals.length > 1
        ? h('ul', { class: 'values' }, vals.map((x) => h('li', null, scalarView(x, prop))))
        : vals.length ? scalarView(vals[0], prop) : h('span', { class: 'muted' }, 'none')),
    ];
  }

  function renderEntity(e) {
    const body = clear($('#entity-body'));
    const props = e.properties && typeof e.properties === 'object' ? e.properties : {};
    $('#entity-title').textContent = e.caption || e.id || 'Entity';
    document.title = `${e.caption || e.id} – embargo`;
    body.append(h('p', { class: 'meta' },
      h('span', { class: 'schema' }, e.schema || 'Thing'), ' ', datasetChips(e.datasets), ' ',
      h('code', { class: 'entity-id' }, e.id || ''), ' ',
      e.id ? h('a', { href: `entities/${encodeURIComponent(e.id)}`, class: 'raw' }, 'JSON') : null));

    const placed = new Set();
    const sections = SECTIONS.map(([title, keys]) => {
      const present = keys.filter((k) => k in props && !placed.has(k));
      present.forEach((k) => placed.add(k));
      return [title, present];
    });
    const others = Object.keys(props).filter((k) => !placed.has(k)).sort();
    sections.push(['Other properties', others]);
    for (const [title, keys] of sections) {
      if (!keys.length) continue;
      body.append(h('section', { class: 'props', 'aria-label': title },
        h('h2', null, title),
        h('dl', null, keys.map((k) => propertyRow(k, props[k])))));
    }
    if (!Object.keys(props).length) body.append(h('p', null, 'This entity has no properties.'));

    // Everything else at the top level, e.g. embargo's own details as read from the list.
    const known = new Set(['id', 'caption', 'schema', 'datasets', 'properties']);
    for (const [k, v] of Object.entries(e)) {
      if (known.has(k)) continue;
      const title = k === 'embargo' ? 'As read from the source list' : humanize(k);
      body.append(h('section', { class: 'props', 'aria-label': title }, h('h2', null, title), genericValue(v)));
    }
  }

  let entitySeq = 0;

  async function loadEntity(id) {
    const seq = ++entitySeq;
    const title = $('#entity-title');
    clearError();
    title.textContent = `Loading ${id}…`;
    clear($('#entity-body'));
    setStatus(`Loading entity ${id}…`);
    try {
      const e = await api(`entities/${encodeURIComponent(id)}`);
      if (seq !== entitySeq) return;
      renderEntity(e);
      setStatus(`Showing ${e.caption || id}.`);
    } catch (err) {
      if (seq !== entitySeq) return;
      title.textContent = err.status === 404 ? 'Entity not found' : 'Entity unavailable';
      document.title = `${title.textContent} – embargo`;
      $('#entity-body').append(h('p', null, `No entity could be shown for the ID `, h('code', null, id), '.'));
      showError(err, `Loading ${id}`);
    }
    title.focus();
  }

  // ---- Alerts ----------------------------------------------------------------------------

  const STATUS_LABELS = {
    open: 'Open', escalated: 'Escalated', pending_approval: 'Waiting for approval', decided: 'Decided',
  };
  const DECISION_LABELS = { true_match: 'True match', false_positive: 'False positive', escalate: 'Escalated' };
  const USER_KEY = 'embargo-user';
  const alertHref = (id) => `#/alert/${encodeURIComponent(id)}`;
  const statusChip = (s) => h('span', { class: `status-chip ${s || ''}` }, STATUS_LABELS[s] || s || '?');
  // "2026-02-27T10:11:12Z" -> "2026-02-27 10:11:12 UTC"
  const fmtTime = (t) => (t ? String(t).replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '');

  function decisionText(a) {
    if (!a.decision) return '–';
    let s = `${DECISION_LABELS[a.decision] || a.decision} by ${a.decided_by}`;
    if (a.approved_by) s += `, approved by ${a.approved_by}`;
    else if (a.status === 'pending_approval') s += ', waiting for a supervisor';
    return s;
  }

  function alertRow(a) {
    return h('tr', { dataset: { alert: a.id } },
      h('td', null, h('a', { href: alertHref(a.id) }, `Alert ${a.id}`)),
      h('td', null, statusChip(a.status)),
      h('td', null, scoreView(a.score, a.score >= 0.7)),
      h('td', null, a.customer_name || a.customer, ' ', h('code', null, a.customer)),
      h('td', null, h('a', { href: entityHref(a.entity) }, a.caption || a.entity), ' ', h('code', null, a.entity)),
      h('td', null, [a.dataset, a.list_version].filter(Boolean).join(' ')),
      h('td', null, fmtTime(a.created_at)),
      h('td', { class: 'decision-state' }, decisionText(a)));
  }

  let alertsSeq = 0;

  async function loadAlerts(status) {
    const seq = ++alertsSeq;
    clearError();
    $('#alerts-status').value = status;
    const table = $('#alerts-table');
    const summaryBox = $('#alerts-summary');
    table.setAttribute('aria-busy', 'true');
    setStatus('Loading the alerts…');
    try {
      const query = status ? `&status=${encodeURIComponent(status)}` : '';
      const q = await api(`alerts?limit=500${query}`);
      if (seq !== alertsSeq) return;
      const alerts = asArray(q.alerts);
      clear(table.querySelector('tbody')).append(...alerts.map(alertRow));
      table.hidden = alerts.length === 0;
      const kind = status ? `${STATUS_LABELS[status].toLowerCase()} ` : '';
      const total = typeof q.total === 'number' ? q.total : alerts.length;
      const summary = total === 0
        ? `No ${kind}alert.`
        : `${fmtInt(total)} ${kind}alert${total === 1 ? '' : 's'}` +
          `${total > alerts.length ? `, the newest ${alerts.length} shown` : ''}.`;
      summaryBox.textContent = summary;
      setStatus(summary);
    } catch (err) {
      if (seq !== alertsSeq) return;
      table.hidden = true;
      summaryBox.textContent = '';
      showError(err, 'Loading the alerts');
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  $('#alerts-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const status = $('#alerts-status').value;
    const hash = `#/alerts?status=${encodeURIComponent(status)}`;
    if (location.hash === hash) loadAlerts(status);
    else location.hash = hash;
  });

  // A changed value: a list of values (the store's shape), a string, or any JSON.
  function changeText(v) {
    if (Array.isArray(v)) return v.length ? v.map(changeText).join(', ') : '(none)';
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  // {"customer": [{field, old, new}], "entity": [...]}: what changed since the last decision.
  function changesView(changes) {
    if (!changes || typeof changes !== 'object') return null;
    const items = [];
    for (const side of ['customer', 'entity']) {
      for (const c of asArray(changes[side])) {
        if (!c || typeof c !== 'object') continue;
        items.push(h('li', null, `${side === 'customer' ? 'Customer' : 'Listed entity'}, `,
          h('strong', null, humanize(c.field ?? '?')), ': ',
          h('del', null, h('span', { class: 'visually-hidden' }, 'was '), changeText(c.old ?? [])), ' → ',
          h('ins', null, h('span', { class: 'visually-hidden' }, 'now '), changeText(c.new ?? []))));
      }
    }
    if (!items.length) return null;
    return h('section', { class: 'changes', 'aria-labelledby': 'alert-changes-title' },
      h('h2', { id: 'alert-changes-title' }, 'Raised again after a change'),
      h('p', null, 'An earlier decision covered this pair; these fields changed since:'),
      h('ul', null, items));
  }

  let currentAlert = null;
  let alertSeq = 0;

  function renderAlert(a) {
    currentAlert = a;
    const title = $('#alert-title');
    title.textContent = `Alert ${a.id}: ${a.customer_name || a.customer} and ${a.caption || a.entity}`;
    document.title = `Alert ${a.id} – embargo`;
    const facts = [
      ['Status', statusChip(a.status)],
      ['Score', scoreView(a.score, a.score >= 0.7)],
      ['Customer', [a.customer_name || '', ' ', h('code', null, a.customer)]],
      ['Listed entity', [h('a', { href: entityHref(a.entity) }, a.caption || a.entity), ' ', h('code', null, a.entity)]],
      ['List version', `${a.dataset || '?'} of ${a.list_version || '?'}`],
      ['Raised', `${fmtTime(a.created_at)}${a.screening ? ` (screening ${a.screening})` : ''}`],
    ];
    if (a.decision) {
      facts.push(['Decision', h('span', { class: 'decision-state' }, decisionText(a))]);
      facts.push(['Comment', a.comment || '']);
      facts.push(['Decided at', fmtTime(a.decided_at)]);
      if (a.approved_at) facts.push(['Approved at', fmtTime(a.approved_at)]);
      if (a.whitelisted) facts.push(['Whitelisted', 'this pair does not alert again']);
    }
    const expl = a.explanation && typeof a.explanation === 'object'
      ? (a.explanation.explanations || a.explanation) : null;
    append(clear($('#alert-body')), [
      h('dl', { class: 'alert-facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      changesView(a.changes),
      explanationView(expl, true)]);
    const decidable = a.status === 'open' || a.status === 'escalated';
    const form = $('#decision-form');
    form.hidden = !decidable;
    if (decidable) form.reset();
    const approve = $('#approve-form');
    approve.hidden = a.status !== 'pending_approval';
    $('#approve-text').textContent = a.status === 'pending_approval'
      ? `${decisionText(a)}. Four eyes: a supervisor other than ${a.decided_by} approves it.` : '';
  }

  async function loadAlert(id) {
    const seq = ++alertSeq;
    const title = $('#alert-title');
    clearError();
    currentAlert = null;
    title.textContent = `Loading alert ${id}…`;
    clear($('#alert-body'));
    $('#decision-form').hidden = true;
    $('#approve-form').hidden = true;
    setStatus(`Loading alert ${id}…`);
    try {
      const a = await api(`alerts/${encodeURIComponent(id)}`);
      if (seq !== alertSeq) return;
      renderAlert(a);
      setStatus(`Showing alert ${a.id}, ${(STATUS_LABELS[a.status] || a.status).toLowerCase()}.`);
    } catch (err) {
      if (seq !== alertSeq) return;
      title.textContent = err.status === 404 ? 'Alert not found' : 'Alert unavailable';
      document.title = `${title.textContent} – embargo`;
      showError(err, `Loading alert ${id}`);
    }
    title.focus();
  }

  const userBox = $('#alert-user');
  try {
    userBox.value = sessionStorage.getItem(USER_KEY) || '';
  } catch {
    // storage disabled: the field starts empty
  }
  userBox.addEventListener('change', () => {
    try {
      sessionStorage.setItem(USER_KEY, userBox.value.trim());
    } catch {
      // not kept; fine
    }
  });

  // The acting user, or null after telling the user to fill it in.
  function actingUser(what) {
    const user = userBox.value.trim();
    if (user) return user;
    showError(new ApiError(0, 'enter your user name first.'), what);
    userBox.focus();
    return null;
  }

  async function act(what, path, body, done) {
    const a = currentAlert;
    clearError();
    const user = actingUser(what);
    if (!a || !user) return;
    setStatus(`${what}…`);
    try {
      const updated = await api(`alerts/${encodeURIComponent(a.id)}/${path}`, {
        method: 'POST', body: { ...body, user },
      });
      if (currentAlert !== a) return;
      renderAlert(updated);
      setStatus(done(updated));
      $('#alert-title').focus();
    } catch (err) {
      showError(err, what);
    }
  }

  $('#decision-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const what = 'Recording the decision';
    const choice = form.querySelector('input[name="decision"]:checked');
    const comment = $('#decision-comment').value.trim();
    if (!choice) {
      clearError();
      showError(new ApiError(0, 'choose false positive, true match or escalate.'), what);
      form.querySelector('input[name="decision"]').focus();
      return;
    }
    if (!comment) {
      clearError();
      showError(new ApiError(0, 'say why in the comment.'), what);
      $('#decision-comment').focus();
      return;
    }
    act(what, 'decision',
      { decision: choice.value, comment, whitelist: $('#decision-whitelist').checked },
      (a) => `Decision recorded: ${decisionText(a)}.`);
  });

  $('#approve-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('Approving the decision', 'approve', {}, (a) => `Approved: ${decisionText(a)}.`);
  });

  // ---- Router ----------------------------------------------------------------------------

  const views = {
    search: $('#view-search'), scan: $('#view-scan'), entity: $('#view-entity'),
    alerts: $('#view-alerts'), alert: $('#view-alert'),
  };
  let lastListHash = '#/';
  let firstRoute = true;

  function show(name) {
    for (const [key, el] of Object.entries(views)) el.hidden = key !== name;
    const nav = name === 'alert' ? 'alerts' : name;
    for (const a of document.querySelectorAll('[data-nav]')) {
      if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  function route() {
    const hash = location.hash || '#/';
    if (!hash.startsWith('#/')) return; // an in-page anchor, not a route
    const initial = firstRoute;
    firstRoute = false;
    const entity = hash.match(/^#\/entity\/(.+)$/);
    if (entity) {
      let id;
      try {
        id = decodeURIComponent(entity[1]);
      } catch {
        id = entity[1];
      }
      show('entity');
      const back = $('#entity-back');
      back.href = lastListHash;
      back.textContent = lastListHash.startsWith('#/scan') ? '← Back to the scan'
        : lastListHash.startsWith('#/alert/') ? '← Back to the alert'
          : lastListHash.startsWith('#/alerts') ? '← Back to the queue' : '← Back to search';
      loadEntity(id);
      return;
    }
    lastListHash = hash;
    const alert = hash.match(/^#\/alert\/([^?]+)$/);
    if (alert) {
      show('alert');
      loadAlert(decodeURIComponent(alert[1]));
      return;
    }
    if (hash.startsWith('#/alerts')) {
      show('alerts');
      document.title = 'Alert queue – embargo';
      const qIndex = hash.indexOf('?');
      const params = new URLSearchParams(qIndex >= 0 ? hash.slice(qIndex + 1) : '');
      const status = params.has('status') ? params.get('status') : 'open';
      loadAlerts(status in STATUS_LABELS || status === '' ? status : 'open');
      if (!initial) $('#alerts-title').focus();
      return;
    }
    if (hash.startsWith('#/scan')) {
      show('scan');
      document.title = 'Scan a text – embargo';
      if (!initial) $('#scan-title').focus();
      return;
    }
    show('search');
    document.title = 'Screen a name – embargo';
    const qIndex = hash.indexOf('?');
    const params = Object.fromEntries(new URLSearchParams(qIndex >= 0 ? hash.slice(qIndex + 1) : ''));
    if (params.q && searchHash(params) !== shownSearchKey) {
      fillSearchForm(params);
      runSearch(params);
    }
    if (!initial) $('#search-title').focus();
  }

  window.addEventListener('hashchange', route);
  // The skip link moves focus without touching the route in the hash.
  $('a.skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('#main').focus();
  });
  loadCatalog();
  route();
})();
