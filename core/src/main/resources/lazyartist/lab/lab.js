'use strict';
// The lab page: every request goes to this server's /api; images travel as base64 HWC uint8.

const $ = id => document.getElementById(id);
const state = { info: null, grey: null, rgb: [128, 128, 128], image: null, seed: 1, drawing: false };

function fromBase64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function toBase64(bytes) {
  let raw = '';
  for (let i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
  return btoa(raw);
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch('/api/' + path, options);
  const json = await response.json();
  if (!response.ok) {
    status(json.error || response.statusText, true);
    throw new Error(json.error);
  }
  return json;
}

function status(text, error) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

/** Draws a 28×28 HWC uint8 image scaled to the canvas; an optional 784-value map is overlaid in red. */
function drawImage(canvas, hwc, map) {
  const small = document.createElement('canvas');
  small.width = 28; small.height = 28;
  const data = small.getContext('2d').createImageData(28, 28);
  let top = 0;
  if (map) for (const v of map) top = Math.max(top, Math.abs(v));
  for (let p = 0; p < 784; p++) {
    let r = hwc[p * 3], g = hwc[p * 3 + 1], b = hwc[p * 3 + 2];
    if (map) {
      const a = top > 0 ? Math.max(0, map[p]) / top : 0;
      const grey = (r + g + b) / 3 * 0.5;
      r = grey * (1 - a) + 255 * a; g = grey * (1 - a) + 40 * a; b = grey * (1 - a) + 20 * a;
    }
    data.data.set([r, g, b, 255], p * 4);
  }
  small.getContext('2d').putImageData(data, 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

function options(select, values, labels) {
  select.innerHTML = '';
  values.forEach((v, i) => {
    const o = document.createElement('option');
    o.value = v; o.textContent = labels ? labels[i] : v;
    select.appendChild(o);
  });
}

async function start() {
  const info = await api('models');
  state.info = info;
  $('where').textContent = info.mode === 'background' ? 'background' : 'strokes';
  options($('split'), Object.keys(info.splits));
  const names = info.models.map(m => m.name);
  const digits = [...Array(10).keys()];
  options($('look-model'), names);
  options($('look-method'), info.methods);
  $('look-method').value = 'hirescam';
  digits.forEach(d => {
    const o = document.createElement('option'); o.value = d; o.textContent = d; $('look-target').appendChild(o);
  });
  options($('fool-model'), names);
  options($('fool-target'), digits);
  $('fool-target').value = 3;
  options($('dream-model'), names);
  options($('dream-digit'), digits);
  const decomposed = info.models.filter(m => m.features > 0).map(m => m.name);
  options($('switch-model'), decomposed);
  if (decomposed.length === 0) $('switch').querySelector('p').textContent = 'No model of this study has a decomposition.';
  info.palette.forEach((c, i) => {
    const b = document.createElement('button');
    b.id = 'swatch-' + i;
    b.textContent = i + ' ' + c.name;
    b.style.background = `rgb(${c.rgb.join(',')})`;
    b.style.color = labelColour(c.rgb);
    b.onclick = () => paint(c.rgb);
    $('swatches').appendChild(b);
  });
  status(`${info.models.length} models, ${info.mode} digits`);
  await showDigit(await api('image?split=hard&pick=random&seed=' + Date.now() % 100000));
}

async function showDigit(d) {
  state.grey = fromBase64(d.grey);
  state.image = fromBase64(d.image);
  state.rgb = state.info.palette[d.colour].rgb;
  state.drawing = false;
  $('index').value = d.index;
  $('caption').textContent = `${d.split} #${d.index}: a ${d.label} in ${state.info.palette[d.colour].name}`;
  chosen(d.colour);
  drawImage($('digit'), state.image);
  await refresh();
}

function chosen(index) {
  document.querySelectorAll('#swatches button').forEach((b, i) => b.classList.toggle('chosen', i === index));
}

async function paint(rgb) {
  state.rgb = rgb;
  chosen(state.info.palette.findIndex(c => c.rgb.join() === rgb.join()));
  const r = await api('paint', { grey: toBase64(state.grey), rgb, seed: state.seed });
  state.image = fromBase64(r.image);
  drawImage($('digit'), state.image);
  await refresh();
}

async function refresh() {
  const r = await api('predict', { image: toBase64(state.image) });
  const table = $('readings');
  table.innerHTML = '';
  for (const reading of r.readings) {
    const row = table.insertRow();
    row.dataset.model = reading.model;
    row.dataset.predicted = reading.predicted;
    const name = row.insertCell();
    name.className = 'name'; name.textContent = reading.model; name.title = reading.model;
    reading.probabilities.forEach((p, d) => {
      const cell = row.insertCell();
      cell.innerHTML = `<div class="bar${d === reading.predicted ? ' top' : ''}" title="${d}: ${(p * 100).toFixed(1)}%">`
        + `<div style="height:${(p * 100).toFixed(1)}%"></div><span>${d}</span></div>`;
    });
    const answer = row.insertCell();
    answer.className = 'answer'; answer.textContent = reading.predicted;
  }
  if ($('map').dataset.drawn === 'true') await look();
  table.dataset.updates = Number(table.dataset.updates || 0) + 1;
}

async function look() {
  const body = { model: $('look-model').value, image: toBase64(state.image), method: $('look-method').value };
  if ($('look-target').value !== '') body.target = Number($('look-target').value);
  const r = await api('explain', body);
  drawImage($('map'), state.image, r.map);
  $('map').dataset.drawn = 'true';
  $('map').dataset.target = r.target;
  $('look-caption').textContent = `${r.method} of ${r.model} for class ${r.target}`;
}

/** Black on light swatches (yellow, cyan, pink), white on dark ones: by relative luminance (WCAG). */
function labelColour(rgb) {
  const [r, g, b] = rgb.map(v => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with black (L + 0.05) / 0.05 beats contrast with white 1.05 / (L + 0.05) above L ≈ 0.179.
  return luminance > 0.179 ? '#000' : '#fff';
}

async function fool() {
  const epsilon = Number($('fool-eps').value);
  const r = await api('attack', { model: $('fool-model').value, image: toBase64(state.image),
    target: Number($('fool-target').value), epsilon, steps: 40 });
  drawImage($('fool-adv'), fromBase64(r.adversarial));
  drawImage($('fool-delta'), fromBase64(r.perturbation));
  const p = r.reading.probabilities[r.target];
  const result = $('fool-result');
  result.dataset.success = r.success;
  result.dataset.maxchange = r.maxChange;
  result.dataset.epsilon = r.epsilon;
  result.dataset.already = r.alreadyTarget;
  result.textContent = r.alreadyTarget
    ? `Nothing to attack: ${r.model} already answers ${r.target} (p = ${(p * 100).toFixed(1)}%) before any change.`
    : `${r.success ? 'Fooled' : 'Not fooled'}: ${r.model} now answers ${r.reading.predicted}`
      + ` (p(${r.target}) = ${(p * 100).toFixed(1)}%); largest change ${(r.maxChange * 255).toFixed(0)}/255`
      + ` within ε = ${r.epsilon} (${Math.round(r.epsilon * 255)}/255).`;
}

async function dream() {
  const r = await api('dream', { model: $('dream-model').value, image: toBase64(state.image),
    digit: Number($('dream-digit').value), steps: 64 });
  state.frames = r.frames.map(fromBase64);
  state.frameSteps = r.steps;
  $('dream-step').max = state.frames.length - 1;
  $('dream-step').value = state.frames.length - 1;
  showFrame();
}

function showFrame() {
  const i = Number($('dream-step').value);
  drawImage($('dream-frame'), state.frames[i]);
  $('dream-step-value').textContent = `${state.frameSteps[i]} steps`;
}

async function features(off) {
  const r = await api('features', { model: $('switch-model').value, image: toBase64(state.image), off: off || [] });
  const list = $('features');
  if (!off) {
    list.innerHTML = '';
    r.active.forEach((f, i) => {
      const label = document.createElement('label');
      label.innerHTML = `<input type="checkbox" checked data-feature="${f.index}"> <canvas class="feature-picture" width="28" height="28"`
        + ` title="what feature ${f.index} wants: its decoder direction rendered"></canvas> #${f.index} ${f.label}`
        + ` <span class="muted">${f.activation.toFixed(2)}</span>`;
      if (r.pictures[i]) drawImage(label.querySelector('canvas'), fromBase64(r.pictures[i]));
      list.appendChild(label);
    });
    list.querySelectorAll('input').forEach(box => box.onchange = () => features(
      [...list.querySelectorAll('input')].filter(b => !b.checked).map(b => Number(b.dataset.feature))));
  }
  const p = r.reading.probabilities[r.reading.predicted];
  $('switch-result').textContent = `${r.model} at ${r.stage}, ${r.off.length} switched off: answers`
    + ` ${r.reading.predicted} (${(p * 100).toFixed(1)}%)`;
  $('switch-result').dataset.predicted = r.reading.predicted;
}

function drawAt(event) {
  const rect = $('digit').getBoundingClientRect();
  const x = (event.clientX - rect.left) / rect.width * 28;
  const y = (event.clientY - rect.top) / rect.height * 28;
  for (let py = 0; py < 28; py++) {
    for (let px = 0; px < 28; px++) {
      const d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
      const v = Math.max(0, Math.min(1, 1.8 - d)) * 255;
      const p = py * 28 + px;
      state.grey[p] = Math.max(state.grey[p], v);
    }
  }
}

function wire() {
  $('load').onclick = async () => showDigit(await api(`image?split=${$('split').value}&index=${$('index').value}`));
  $('random').onclick = async () => showDigit(await api(`image?split=${$('split').value}&pick=random&seed=${Date.now() % 100000}`));
  $('conflicting').onclick = async () => showDigit(await api(`image?split=${$('split').value}&pick=conflicting&seed=${Date.now() % 100000}`));
  $('draw').onclick = () => {
    state.grey = new Uint8Array(784);
    state.drawing = true;
    $('caption').textContent = 'draw a digit with the mouse';
    paint(state.rgb);
  };
  let down = false;
  $('digit').onmousedown = e => { if (state.drawing) { down = true; drawAt(e); } };
  $('digit').onmousemove = e => { if (down) drawAt(e); };
  window.addEventListener('mouseup', () => { if (down) { down = false; paint(state.rgb); } });
  $('picker').onchange = e => {
    const hex = e.target.value;
    paint([1, 3, 5].map(i => parseInt(hex.substr(i, 2), 16)));
  };
  $('look-go').onclick = look;
  $('fool-go').onclick = fool;
  $('fool-eps').oninput = () => { $('fool-eps-value').textContent = Number($('fool-eps').value).toFixed(3); };
  $('dream-go').onclick = dream;
  $('dream-step').oninput = showFrame;
  $('switch-go').onclick = () => features();
}

wire();
start().catch(e => status('the lab could not start: ' + e.message, true));
