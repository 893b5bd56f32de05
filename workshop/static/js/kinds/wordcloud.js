/* wordcloud: a few short words per participant; the projector draws a cloud, words sized by count.

   Layout: words biggest first, each measured with getBoundingClientRect and placed at the first free spot
   on an elliptic spiral from the centre; boxes never overlap. When a word does not fit, every word is
   shrunk and the layout starts over. The same result always gives the same picture. */
"use strict";
(function () {
  const MAX_WORDS = 60;       // more would be unreadable on a projector
  const ATTEMPTS = 6;         // shrink steps before words that still do not fit are left out
  const SHRINK = 0.8;
  // The smallest word: the projector's text floor (present.js, docs/accessibility.md), elsewhere 14 px.
  const minPx = () => (Workshop.textFloor ? Workshop.textFloor() : 14);
  const COLOURS = 5;          // classes wordcloud-c0 .. wordcloud-c4
  const drawn = new WeakMap();     // container -> what was drawn last (for new-word highlighting, resizing)
  const observed = new WeakSet();

  function reducedMotion() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /* Positions {x, y} (top left) for boxes {w, h} in a width x height area, or null for a box that does not
     fit. With `strict`, stop at the first box that does not fit (the caller will shrink and try again). */
  function place(boxes, width, height, strict) {
    const placed = [];
    const result = boxes.map(() => null);
    const cx = width / 2, cy = height / 2;
    const stretch = width / height;  // the spiral is an ellipse with the area's proportions
    const spacing = Math.max(2, height / 80);  // growth of the radius per turn
    const limit = height * 0.75;  // radius at which the ellipse has passed every corner
    let hit = 0;  // the box last collided with; checked first, it is the likeliest to collide again
    const collides = (x, y, w, h) => {
      for (let k = 0; k < placed.length; k++) {
        const p = placed[(hit + k) % placed.length];
        if (x < p.x + p.w && p.x < x + w && y < p.y + p.h && p.y < y + h) {
          hit = (hit + k) % placed.length;
          return true;
        }
      }
      return false;
    };
    for (let i = 0; i < boxes.length; i++) {
      const { w, h } = boxes[i];
      let spot = null;
      if (w <= width && h <= height) {
        for (let t = 0; ; ) {
          const r = (spacing * t) / (2 * Math.PI);
          if (r > limit) break;
          const x = cx + r * stretch * Math.cos(t) - w / 2;
          const y = cy + r * Math.sin(t) - h / 2;
          if (x >= 0 && y >= 0 && x + w <= width && y + h <= height && !collides(x, y, w, h)) {
            spot = { x, y };
            break;
          }
          t += Math.min(0.5, 4 / (r * Math.max(1, stretch) + 1));  // steps of about 4px along the spiral
        }
      }
      if (spot) {
        result[i] = spot;
        placed.push({ x: spot.x, y: spot.y, w, h });
      } else if (strict) {
        return result;
      }
    }
    return result;
  }

  /* Font sizes in px: the square root of the count, so a word said twice as often is not twice as tall. */
  function fontSizes(words, smallest, largest) {
    const top = words[0].count;
    return words.map((w) => smallest + (largest - smallest) * Math.sqrt(w.count / top));
  }

  function list(container, words) {
    const el = Workshop.el;
    const cards = el("ul", { class: "cards" });
    words.forEach((w) => cards.append(el("li", { class: "answer-card fit-item" }, `${w.text} (${w.count})`)));
    container.append(cards, Workshop.fitList(cards, "words", { template: Workshop.t("en {count} woorden meer") }));
  }

  function watch(container) {
    if (!window.ResizeObserver || observed.has(container)) return;
    observed.add(container);
    let frame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const last = drawn.get(container);
        if (!last || !container.querySelector(":scope > .wordcloud")) return;  // showing something else now
        const moved = Math.abs(container.clientWidth - last.width)
          + Math.abs(container.clientHeight - last.height);
        if (moved < 4) return;
        container.replaceChildren();
        cloud(container, last.question, last.result);
      });
    }).observe(container);
  }

  function cloud(container, question, result) {
    const el = Workshop.el;
    const words = result.words.slice(0, MAX_WORDS);
    const before = drawn.get(container);
    const state = { question, result, texts: new Set(words.map((w) => w.text)), width: 0, height: 0 };
    drawn.set(container, state);
    if (!words.length) {
      container.append(el("p", { class: "muted" }, Workshop.t("Nog geen woorden.")));
      return;
    }
    const box = el("div", {
      class: "wordcloud",
      role: "img",
      "aria-label": `Woordwolk: ${words.map((w) => `${w.text} ${w.count}`).join(", ")}`,
    });
    // An empty container in a flex layout (the projector) has its height already; elsewhere: half the width.
    const own = container.clientHeight;
    let height = own;
    box.style.position = "relative";
    box.style.overflow = "hidden";
    // What does not fit is counted on a line of its own, below the cloud: its room is kept from the start.
    const total = result.words.length + (result.other_words || 0);
    const more = Workshop.fitList(box, "words", { template: Workshop.t("en {count} woorden meer") });
    box.dataset.total = String(total);
    more.hidden = false;
    more.textContent = "\u00a0";
    container.append(box, more);
    height -= more.offsetHeight + parseFloat(getComputedStyle(more).marginTop || 0);
    const width = box.clientWidth;
    if (width < 50) {  // not on screen: no room to measure, so a plain list
      box.remove();
      list(container, words);
      return;
    }
    if (own < 120) height = Math.max(160, Math.round(width * 0.5));
    const MIN_PX = minPx();
    box.style.height = `${height}px`;

    const base = parseFloat(getComputedStyle(container).fontSize) || 16;
    const largest = Math.max(MIN_PX, Math.min(base * 4, height / 4));
    const sizes = fontSizes(words, Math.max(MIN_PX, base * 0.9), largest);
    const spans = words.map((w, i) => {
      const span = el("span", { class: `wordcloud-word fit-item wordcloud-c${i % COLOURS}`,
        title: `${w.text}: ${w.count}` }, w.text);
      Object.assign(span.style, { position: "absolute", left: "0", top: "0", whiteSpace: "nowrap",
        lineHeight: "1.1", visibility: "hidden" });
      box.append(span);
      return span;
    });

    let spots = [];
    let pad = 0;
    for (let attempt = 0, scale = 1; attempt < ATTEMPTS; attempt++, scale *= SHRINK) {
      spans.forEach((span, i) => { span.style.fontSize = `${Math.max(MIN_PX, sizes[i] * scale)}px`; });
      pad = Math.max(2, base * scale * 0.3);
      // All sizes are written first, then all boxes read: one layout pass, not one per word.
      const boxes = spans.map((span) => {
        const rect = span.getBoundingClientRect();
        return { w: rect.width + pad, h: rect.height + pad };
      });
      spots = place(boxes, width, height, attempt < ATTEMPTS - 1);
      if (!spots.includes(null)) break;
    }

    const animate = !reducedMotion();
    let left = total - words.length;
    spans.forEach((span, i) => {
      const spot = spots[i];
      if (!spot) { span.remove(); left += 1; return; }  // still no room at the smallest size: counted below
      span.style.left = `${spot.x + pad / 2}px`;
      span.style.top = `${spot.y + pad / 2}px`;
      span.style.visibility = "";
      if (animate && !(before && before.texts.has(words[i].text))) span.classList.add("wordcloud-new");
    });
    Workshop.setMore(more, left);
    more.hidden = false;  // keeps its room (empty when every word is shown), so a redraw measures the same
    if (!left) more.textContent = "\u00a0";
    state.width = container.clientWidth;
    state.height = container.clientHeight;
    watch(container);
  }

  Workshop.kinds.wordcloud = {
    /* An answer in words, as the phone shows the participant's earlier round. */
    summary(question, value) {
      return (value || []).join(", ");
    },
    form(question, answer, container) {
      const el = Workshop.el;
      const s = question.settings;
      container.append(el("p", { class: "hint" }, s.words > 1
        ? Workshop.t("Geef hoogstens {count} woorden. Een korte uitdrukking mag ook, zoals ‘korte lijnen’.", { count: s.words })
        : Workshop.t("Geef één woord. Een korte uitdrukking mag ook, zoals ‘korte lijnen’.")));
      const inputs = [];
      for (let i = 0; i < s.words; i++) {
        const id = `wordcloud-${question.id}-${i}`;
        const label = s.words > 1 ? Workshop.t("Woord {number}", { number: i + 1 }) : Workshop.t("Je woord");
        container.append(el("label", { for: id, class: "hint" }, label));
        const input = el("input", { type: "text", id, maxlength: s.max_length, autocomplete: "off",
          autocapitalize: "none", enterkeyhint: "send" });
        input.value = (answer && answer[i]) || "";
        container.append(input);
        inputs.push(input);
      }
      return () => {
        const value = inputs.map((i) => i.value.trim()).filter(Boolean);
        if (!value.length) return { error: Workshop.t("Schrijf eerst een woord.") };
        if (value.some((v) => v.split(/\s+/).length > 3)) {
          return { error: Workshop.t("Gebruik hoogstens 3 woorden per vakje.") };
        }
        return { value };
      };
    },
    result: cloud,
    place,  // exposed for tests of the layout
  };
})();
