// What a learner reads on the page, for the language tests: visible text, the names and
// descriptions a screen reader or a pointer finds, and the words drawn on canvases.

/**
 * Records the texts each canvas shows now (run before the page's own scripts): a text drawn
 * is added to its canvas's list, and a clear or fill of the whole canvas (a new drawing)
 * empties it, so what was drawn before the language's words arrived is not counted.
 */
export function recordCanvasText() {
  const shown = new Map();
  window.__drawnText = shown;
  const proto = CanvasRenderingContext2D.prototype;
  const whole = (ctx, x, y, w, h) => {
    const t = ctx.getTransform();
    const x0 = t.a * x + t.e;
    const y0 = t.d * y + t.f;
    return x0 <= 0 && y0 <= 0 && x0 + t.a * w >= ctx.canvas.width && y0 + t.d * h >= ctx.canvas.height;
  };
  for (const name of ['clearRect', 'fillRect']) {
    const original = proto[name];
    proto[name] = function (x, y, w, h) {
      if (whole(this, x, y, w, h)) shown.set(this.canvas, []);
      return original.call(this, x, y, w, h);
    };
  }
  const fill = proto.fillText;
  proto.fillText = function (text, ...rest) {
    if (!shown.has(this.canvas)) shown.set(this.canvas, []);
    shown.get(this.canvas).push(String(text));
    return fill.call(this, text, ...rest);
  };
}

/**
 * Every piece of text the learner can meet now, as `{ text, where }`: text nodes of shown
 * elements, `aria-label`, `title`, `placeholder`, `alt` of shown elements, the options of
 * menus, and what each canvas on the page shows now. Left out: what is marked
 * `translate="no"` (names, as HTML says), formulas (`<math>`), form values the learner typed,
 * and each lane's own name.
 */
export async function readableText(page) {
  return page.evaluate(() => {
    const out = [];
    const shown = (el) => !el.closest('[hidden], [translate=no], math, script, style, noscript, .panel-off')
      && getComputedStyle(el).display !== 'none';
    const where = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}>`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || !node.textContent.trim()) continue;
      // A closed menu's options are read as the menu is; a closed details shows its summary.
      const closed = el.closest('details:not([open])');
      if (closed && !el.closest('summary')) continue;
      if (el.closest('option') ? !shown(el.closest('select')) : !shown(el)) continue;
      out.push({ text: node.textContent, where: where(el) });
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
      if (!shown(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, where: `${a} of ${where(el)}` });
      }
    }
    for (const [canvas, texts] of window.__drawnText ?? []) {
      if (!canvas.isConnected || !shown(canvas)) continue;
      for (const t of texts) out.push({ text: t, where: `drawn on <canvas#${canvas.id}>` });
    }
    const names = [...document.querySelectorAll('input[data-field$=".name"]')].map((i) => i.value).filter(Boolean);
    return { pieces: out, laneNames: names };
  });
}

/** `text` without the lanes' own names, each taken only as a whole word ("Adam", not Adamax's). */
function withoutNames(text, laneNames) {
  let rest = text;
  for (const name of [...laneNames].sort((a, b) => b.length - a.length)) {
    const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.replace(new RegExp(`(?<![A-Za-z])${quoted}(?![A-Za-z])`, 'g'), ' ');
  }
  return rest;
}

/** Names that read the same in every language: methods, schedules, functions, formats. */
export const NAMES = new Set([
  'Optimizer', 'Playground', 'English', 'SGD', 'Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'ASGD',
  'RMSprop', 'Rprop', 'Adagrad', 'Adadelta', 'AMSGrad', 'Nesterov', 'StepLR', 'MultiStepLR',
  'ExponentialLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'LinearLR', 'PolynomialLR',
  'OneCycleLR', 'ReLU', 'ELU', 'Leaky', 'Tanh', 'Xavier', 'Glorot', 'Kaiming', 'He', 'Rosenbrock',
  'Beale', 'Himmelblau', 'Rastrigin', 'PNG', 'CSV', 'JSON', 'SCORM', 'LMS', 'NaN', 'PyTorch', 'torch',
  'Shift', 'Escape', 'Esc', 'Enter', 'Space', 'Delete', 'Backspace', 'Home', 'End', 'PageUp', 'PageDown',
  'Tab', 'Ctrl', 'lr', 'eps', 'alpha', 'sign', 'iframe', 'fps', 'ms', 'XOR', 'ConvNetJS',
  // Hyperparameter and column names, written as in PyTorch and in the files.
  'momentum', 'dampening', 'decay', 'label',
]);

/**
 * The English words left in `pieces`: runs of Latin letters that are not names, identifiers
 * (`weight_decay`, `betas[0]`, `x1`), single letters (symbols), or a lane's own name.
 */
export function englishWords({ pieces, laneNames }) {
  const found = [];
  for (const { text, where } of pieces) {
    let rest = text;
    rest = withoutNames(rest, laneNames);
    // A value quoted from the learner's own link or file ("abc" is not a number) is theirs.
    rest = rest.replace(/"(?:[^"\\]|\\.)*"/g, ' ');
    // Keys are named as printed on the keyboard.
    rest = rest.replace(/Page (Up|Down)/g, ' ');
    // A part of their link is theirs too, named as it was written (lanes=99, speed=fast).
    rest = rest.replace(/[\w.]+=[^\s:;]*/g, ' ');
    for (const m of rest.matchAll(/[A-Za-z0-9_.[\]]+/g)) {
      const token = m[0].replace(/^\.+|\.+$/g, '');
      if (/[_[\d]/.test(token) || token.replace(/[^A-Za-z]/g, '').length < 2) continue;
      for (const word of token.split('.')) {
        if (word.length >= 2 && !NAMES.has(word)) found.push(`${word} (${where}: "${text.slice(0, 90)}")`);
      }
    }
  }
  return [...new Set(found)];
}

/** Numbers written for reading the English way: a decimal point in Russian, Latin digits in Persian. */
export function foreignNumbers(lang, { pieces, laneNames }) {
  const found = [];
  for (const { text, where } of pieces) {
    let rest = text;
    rest = withoutNames(rest, laneNames);
    // Identifiers and formulas keep their digits: x1, betas[0], 1e10, T_0, v0.1.0.
    rest = rest.replace(/[A-Za-z_][A-Za-z0-9_.[\]]*/g, ' ');
    const bad = lang === 'ru' ? /\d\.\d/ : /[0-9]/;
    if (bad.test(rest)) found.push(`${where}: "${text.slice(0, 90)}"`);
  }
  return [...new Set(found)];
}
