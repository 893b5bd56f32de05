/* grid: each item placed on two scales (e.g. impact and feasibility); the projector shows every item's mean
   position, numbered, with a cross for its spread, over the four quadrants the deck names. */
"use strict";
Workshop.kinds.grid = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    return question.settings.items.map((item, i) => (value[i] ? `${item}: ${value[i][0]}, ${value[i][1]}` : null))
      .filter(Boolean).join(" · ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    container.append(el("p", { class: "hint" },
      Workshop.t("Geef elk onderdeel een plaats op beide schalen. Laat een onderdeel leeg als je het niet weet.")));
    const scale = (axis) => {
      const points = [];
      for (let p = axis.min; p <= axis.max; p++) points.push(p);
      return points;
    };
    const groups = s.items.map((item, index) => {
      const fieldset = el("fieldset", { class: "scale-item grid-item" });
      fieldset.append(el("legend", {}, item));
      ["x", "y"].forEach((axis, number) => {
        const settings = s[axis];
        const row = el("div", { class: "scale-points", role: "radiogroup", "aria-label": `${item}: ${settings.label}` });
        scale(settings).forEach((p) => {
          const id = `grid-${question.id}-${index}-${axis}-${p}`;
          const input = el("input", { type: "radio", name: `grid-${index}-${axis}`, id, value: p });
          input.checked = Boolean(answer && answer[index]) && answer[index][number] === p;
          const label = el("label", { class: "scale-point", for: id });
          label.append(input, el("span", {}, p));
          row.append(label);
        });
        fieldset.append(el("p", { class: "grid-axis" }, settings.label), row);
        if (settings.low || settings.high) {
          const ends = el("div", { class: "scale-ends" });
          ends.append(el("span", {}, settings.low || ""), el("span", {}, settings.high || ""));
          fieldset.append(ends);
        }
      });
      container.append(fieldset);
      return fieldset;
    });
    return () => {
      const value = groups.map((fieldset) => {
        const x = fieldset.querySelector('input[name$="-x"]:checked');
        const y = fieldset.querySelector('input[name$="-y"]:checked');
        if (!x && !y) return null;
        if (!x || !y) return undefined;
        return [Number(x.value), Number(y.value)];
      });
      if (value.includes(undefined)) return { error: Workshop.t("Kies bij een onderdeel beide schalen, of geen van beide.") };
      if (value.every((position) => position === null)) return { error: Workshop.t("Plaats ten minste één onderdeel.") };
      return { value };
    };
  },
  /* The plot both views draw on: frame, quadrant lines and names, axis titles; x() and y() place a value. */
  plot(result, ariaLabel) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = (tag, attributes, text) => {
      const node = document.createElementNS(svgNS, tag);
      Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    // Sizes in the plot's own units: it is drawn 550-1100 px wide on a projector, so 40 units stay above the
    // text floor (docs/accessibility.md) from a 4:3 beamer to 1080p.
    const W = 1000, H = 640, left = 110, right = 30, top = 30, bottom = 100;
    const x = (v) => left + ((v - result.x.min) / (result.x.max - result.x.min)) * (W - left - right);
    const y = (v) => H - bottom - ((v - result.y.min) / (result.y.max - result.y.min)) * (H - top - bottom);
    const node = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "grid-plot", role: "img", "aria-label": ariaLabel });
    const midX = x((result.x.min + result.x.max) / 2), midY = y((result.y.min + result.y.max) / 2);
    node.append(svg("rect", { x: left, y: top, width: W - left - right, height: H - top - bottom, class: "grid-frame" }));
    node.append(svg("line", { x1: midX, y1: top, x2: midX, y2: H - bottom, class: "grid-mid" }));
    node.append(svg("line", { x1: left, y1: midY, x2: W - right, y2: midY, class: "grid-mid" }));
    const corners = [[left + 14, top + 46, "start"], [W - right - 14, top + 46, "end"],
      [left + 14, H - bottom - 16, "start"], [W - right - 14, H - bottom - 16, "end"]];
    (result.quadrants || []).forEach((text, i) => {
      const [cx, cy, anchor] = corners[i];
      node.append(svg("text", { x: cx, y: cy, "text-anchor": anchor, class: "grid-quadrant" }, text));
    });
    const title = (axis) => `${axis.label} (${axis.min}-${axis.max})`;
    node.append(svg("text", { x: (left + W - right) / 2, y: H - 30, "text-anchor": "middle", class: "grid-axis-label" },
      title(result.x)));
    node.append(svg("text", { x: 46, y: (top + H - bottom) / 2, "text-anchor": "middle", class: "grid-axis-label",
      transform: `rotate(-90 46 ${(top + H - bottom) / 2})` }, title(result.y)));
    return { node, svg, x, y, frame: [left, top, W - right, H - bottom] };
  },
  /* Move marks ({x, y, r}) apart until none covers another, each as little as needed; the same result on
     every screen (marks on one spot part in a fixed direction per mark). Kept inside the frame. */
  separate(marks, gap, frame) {
    for (let round = 0; round < 80; round++) {
      let moved = false;
      marks.forEach((a, i) => marks.slice(i + 1).forEach((b, k) => {
        let dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy);
        const need = a.r + b.r + gap;
        if (d >= need) return;
        if (d < 0.01) { const angle = (i + k + 1) * 2.39996; dx = Math.cos(angle); dy = Math.sin(angle); d = 1; }
        const push = (need - d) / 2 + 0.5;
        a.x -= (dx / d) * push; a.y -= (dy / d) * push; b.x += (dx / d) * push; b.y += (dy / d) * push;
        moved = true;
      }));
      marks.forEach((m) => {
        m.x = Math.min(Math.max(m.x, frame[0] + m.r), frame[2] - m.r);
        m.y = Math.min(Math.max(m.y, frame[1] + m.r), frame[3] - m.r);
      });
      if (!moved) break;
    }
    return marks;
  },
  /* Groups of points closer than `distance` to one of their group (single linkage), in order of the first. */
  clusters(points, distance) {
    const group = points.map((_, i) => i);
    const root = (i) => (group[i] === i ? i : (group[i] = root(group[i])));
    points.forEach(([ax, ay], i) => points.slice(0, i).forEach(([bx, by], j) => {
      if (Math.hypot(ax - bx, ay - by) < distance) group[root(i)] = root(j);
    }));
    const found = new Map();
    points.forEach((_, i) => { const r = root(i); found.set(r, [...(found.get(r) || []), i]); });
    return [...found.values()];
  },
  /* A numbered mark: a circle, or a pill as wide as its numbers ("3, 5"); returns its width. */
  mark(draw, cx, cy, r, label, className) {
    const width = label.length > 2 ? label.length * r * 0.66 + r * 0.75 : 2 * r;
    if (width === 2 * r) draw.node.append(draw.svg("circle", { cx, cy, r, class: className }));
    else draw.node.append(draw.svg("rect", { x: cx - width / 2, y: cy - r, width, height: 2 * r, rx: r, class: className }));
    const text = draw.svg("text", { x: cx, y: cy + r * 0.4, "text-anchor": "middle", class: "grid-number" }, label);
    text.style.fontSize = `${Math.round(r * 1.12)}px`;
    draw.node.append(text);
    return width;
  },
  result(container, question, result) {
    const el = Workshop.el;
    const kind = Workshop.kinds.grid;
    const placed = result.items.map((item, index) => ({ ...item, number: index + 1 })).filter((i) => i.mean_x !== null);
    const draw = kind.plot(result,
      placed.map((i) => `${i.number} ${i.label}: ${result.x.label} ${i.mean_x}, ${result.y.label} ${i.mean_y}`).join("; "));
    const { x, y, svg } = draw;
    placed.forEach((item) => {
      const cx = x(item.mean_x), cy = y(item.mean_y);
      if (item.sd_x !== null) draw.node.append(svg("line", { x1: x(Math.max(result.x.min, item.mean_x - item.sd_x)), y1: cy,
        x2: x(Math.min(result.x.max, item.mean_x + item.sd_x)), y2: cy, class: "grid-spread" }));
      if (item.sd_y !== null) draw.node.append(svg("line", { x1: cx, y1: y(Math.max(result.y.min, item.mean_y - item.sd_y)),
        x2: cx, y2: y(Math.min(result.y.max, item.mean_y + item.sd_y)), class: "grid-spread" }));
    });
    // Points whose circles would overlap share one mark at their middle, numbered "3, 5": no number hides
    // another. Each keeps its own spread cross at its exact mean; the legend lists every item.
    const R = 32;
    kind.clusters(placed.map((item) => [x(item.mean_x), y(item.mean_y)]), 2 * R).forEach((members) => {
      const cx = members.reduce((sum, i) => sum + x(placed[i].mean_x), 0) / members.length;
      const cy = members.reduce((sum, i) => sum + y(placed[i].mean_y), 0) / members.length;
      kind.mark(draw, cx, cy, R, members.map((i) => placed[i].number).sort((a, b) => a - b).join(", "), "grid-point");
    });
    const legend = el("ol", { class: "grid-legend" });
    result.items.forEach((item) => {
      const where = item.mean_x === null ? "–" : `${Workshop.formatNumber(item.mean_x, 1)} · ${Workshop.formatNumber(item.mean_y, 1)}`;
      legend.append(el("li", { class: "fit-item" }, `${item.label} (${where}; n = ${item.n})`));
    });
    // On a crowded screen the legend is shortened like every list, saying "en N meer" (present.js fitting).
    const side = el("div", { class: "grid-side" });
    side.append(legend, Workshop.fitList(legend, "grid-legend"));
    const box = el("div", { class: "grid-result" });
    box.append(draw.node, side);
    container.append(box);
  },
  /* Split by a profile question: one plot, each group's points in its colour (the summary deck does the same).
     Where marks of several groups would cover each other they stand side by side around their middle. */
  split(container, question, groups) {
    const el = Workshop.el;
    const kind = Workshop.kinds.grid;
    const first = groups[0].result;
    const marks = [];
    groups.forEach((group, g) => {
      const placed = group.result.items.map((item, index) => ({ ...item, number: index + 1 })).filter((i) => i.mean_x !== null);
      // within a group, items on one place share a mark ("2, 5") as in the whole room's plot
      kind.clusters(placed.map((i) => [i.mean_x * 100, i.mean_y * 100]), 1).forEach((members) => {
        const i = placed[members[0]];
        marks.push({ group: g, at: [i.mean_x, i.mean_y], label: members.map((m) => placed[m].number).join(", ") });
      });
    });
    const label = (text) => Workshop.label(text);
    const draw = kind.plot(first, groups.map((group) => `${label(group.label)} (n = ${group.n}): ` + group.result.items
      .map((i, n) => (i.mean_x === null ? null : `${n + 1} ${i.mean_x}, ${i.mean_y}`)).filter(Boolean).join("; ")).join(". "));
    // Marks of several groups on (nearly) one place are moved apart just enough, each with a thin line to
    // where it belongs.
    const R = 30;  // numbers of 34 units: above the text floor with the plot 500 px wide (1024x768)
    const width = (text) => (text.length > 2 ? text.length * R * 0.66 + R * 0.75 : 2 * R);
    const placedMarks = kind.separate(marks.map((m) => ({ ...m, x: draw.x(m.at[0]), y: draw.y(m.at[1]),
      r: width(m.label) / 2 })), 4, draw.frame);
    placedMarks.forEach((m) => {
      const ax = draw.x(m.at[0]), ay = draw.y(m.at[1]);
      if (Math.hypot(m.x - ax, m.y - ay) > 4) {
        draw.node.append(draw.svg("line", { x1: ax, y1: ay, x2: m.x, y2: m.y, class: "grid-spread" }));
        draw.node.append(draw.svg("circle", { cx: ax, cy: ay, r: 5, class: "grid-true-place" }));
      }
    });
    placedMarks.forEach((m) => {
      const start = draw.node.childNodes.length;
      kind.mark(draw, m.x, m.y, R, m.label, "grid-point");
      [...draw.node.childNodes].slice(start).forEach((node) => {  // the group's colour, its text in black or white
        if (node.tagName === "text") { node.classList.add(`group-${m.group}`); node.style.fill = "currentColor"; }
        else node.style.fill = `var(--group-${m.group})`;
      });
    });
    const legend = el("ol", { class: "grid-legend" });
    first.items.forEach((item) => legend.append(el("li", { class: "fit-item" }, item.label)));
    const key = el("ul", { class: "grid-groups" });
    groups.forEach((group, g) => {
      const entry = el("li");
      entry.append(el("span", { class: `swatch group-${g}`, "aria-hidden": "true" }), ` ${label(group.label)} (n = ${group.n})`);
      key.append(entry);
    });
    const side = el("div", { class: "grid-side" });
    side.append(key, legend, Workshop.fitList(legend, "grid-legend"));
    const box = el("div", { class: "grid-result grid-split" });
    box.append(draw.node, side);
    container.append(box);
  },
};
