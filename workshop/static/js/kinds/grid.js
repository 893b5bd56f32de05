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
  result(container, question, result) {
    const el = Workshop.el;
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
    const placed = result.items.map((item, index) => ({ ...item, number: index + 1 })).filter((i) => i.mean_x !== null);
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "grid-plot", role: "img",
      "aria-label": placed.map((i) => `${i.number} ${i.label}: ${result.x.label} ${i.mean_x}, ${result.y.label} ${i.mean_y}`).join("; ") });
    const midX = x((result.x.min + result.x.max) / 2), midY = y((result.y.min + result.y.max) / 2);
    plot.append(svg("rect", { x: left, y: top, width: W - left - right, height: H - top - bottom, class: "grid-frame" }));
    plot.append(svg("line", { x1: midX, y1: top, x2: midX, y2: H - bottom, class: "grid-mid" }));
    plot.append(svg("line", { x1: left, y1: midY, x2: W - right, y2: midY, class: "grid-mid" }));
    const corners = [[left + 14, top + 46, "start"], [W - right - 14, top + 46, "end"],
      [left + 14, H - bottom - 16, "start"], [W - right - 14, H - bottom - 16, "end"]];
    (result.quadrants || []).forEach((text, i) => {
      const [cx, cy, anchor] = corners[i];
      plot.append(svg("text", { x: cx, y: cy, "text-anchor": anchor, class: "grid-quadrant" }, text));
    });
    plot.append(svg("text", { x: (left + W - right) / 2, y: H - 30, "text-anchor": "middle", class: "grid-axis-label" },
      `${result.x.label} (${result.x.min}-${result.x.max})`));
    plot.append(svg("text", { x: 46, y: (top + H - bottom) / 2, "text-anchor": "middle", class: "grid-axis-label",
      transform: `rotate(-90 46 ${(top + H - bottom) / 2})` }, `${result.y.label} (${result.y.min}-${result.y.max})`));
    placed.forEach((item) => {
      const cx = x(item.mean_x), cy = y(item.mean_y);
      if (item.sd_x !== null) plot.append(svg("line", { x1: x(Math.max(result.x.min, item.mean_x - item.sd_x)), y1: cy,
        x2: x(Math.min(result.x.max, item.mean_x + item.sd_x)), y2: cy, class: "grid-spread" }));
      if (item.sd_y !== null) plot.append(svg("line", { x1: cx, y1: y(Math.max(result.y.min, item.mean_y - item.sd_y)),
        x2: cx, y2: y(Math.min(result.y.max, item.mean_y + item.sd_y)), class: "grid-spread" }));
      plot.append(svg("circle", { cx, cy, r: 32, class: "grid-point" }));
      plot.append(svg("text", { x: cx, y: cy + 13, "text-anchor": "middle", class: "grid-number" }, String(item.number)));
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
    box.append(plot, side);
    container.append(box);
  },
};
