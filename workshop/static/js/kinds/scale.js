/* scale: each item rated on the same labelled scale; the projector shows the distribution and mean. */
"use strict";
Workshop.kinds.scale = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    const s = question.settings;
    const point = (p) => (p === null ? s.dont_know : String(p));
    return s.items.length === 1 ? point(value[0]) : s.items.map((item, i) => `${item}: ${point(value[i])}`).join(" · ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    const points = [];
    for (let p = s.min; p <= s.max; p++) points.push(p);
    const groups = s.items.map((item, index) => {
      const fieldset = el("fieldset", { class: "scale-item" });
      fieldset.append(el("legend", {}, item));
      const row = el("div", { class: "scale-points" });
      points.forEach((p) => {
        const id = `scale-${question.id}-${index}-${p}`;
        const input = el("input", { type: "radio", name: `item-${index}`, id, value: p });
        input.checked = answer && answer[index] === p;
        const label = el("label", { class: "scale-point", for: id });
        label.append(input, el("span", {}, p));
        row.append(label);
      });
      fieldset.append(row);
      if (s.dont_know) {
        // "Don't know / not applicable": an answer of its own, counted apart from the scale.
        const id = `scale-${question.id}-${index}-dk`;
        const input = el("input", { type: "radio", name: `item-${index}`, id, value: "dk" });
        input.checked = Boolean(answer) && answer[index] === null;
        const label = el("label", { class: "option scale-dont-know", for: id });
        label.append(input, el("span", {}, s.dont_know));
        fieldset.append(label);
      }
      const low = s.labels[String(s.min)], high = s.labels[String(s.max)];
      if (low || high) {
        const ends = el("div", { class: "scale-ends" });
        ends.append(el("span", {}, low || ""), el("span", {}, high || ""));
        fieldset.append(ends);
      }
      container.append(fieldset);
      return fieldset;
    });
    return () => {
      const picked = groups.map((g) => g.querySelector("input:checked"));
      if (picked.includes(null)) return { error: Workshop.t("Geef bij elk onderdeel een score.") };
      return { value: picked.map((input) => (input.value === "dk" ? null : Number(input.value))) };
    };
  },
  /* One item's answers as a bar of the scale's ordered colours (workshop/palette.py), lowest point first. */
  stack(result, item, short) {
    const el = Workshop.el;
    const points = result.points.length;
    const stack = el("div", { class: "stack-bar", role: "img",
      "aria-label": result.points.map((p, i) => `${p}: ${item.counts[i]}`).join(", ") });
    result.points.forEach((p, i) => {
      const part = el("span", { class: `stack-part ordinal-${points}-${i}` }, item.counts[i] ? (short ? String(item.counts[i]) : `${p}: ${item.counts[i]}`) : "");
      part.style.flexGrow = item.counts[i];
      stack.append(part);
    });
    return stack;
  },
  /* The key to the colours: every point of the scale in its colour, the ends with their labels. */
  legend(result) {
    const el = Workshop.el;
    const legend = el("ul", { class: "legend" });
    result.points.forEach((p, i) => {
      const li = el("li", {});
      const label = result.labels[String(p)];
      li.append(el("span", { class: `swatch ordinal-${result.points.length}-${i}`, "aria-hidden": "true" }),
        label ? `${p} ${label}` : String(p));
      legend.append(li);
    });
    return legend;
  },
  result(container, question, result) {
    const el = Workshop.el;
    const list = el("div", { class: "scale-results" });
    result.items.forEach((item) => {
      const row = el("div", { class: "scale-result fit-item" });
      const mean = item.mean === null ? "–" : Workshop.formatNumber(item.mean, 1);
      const apart = result.dont_know && item.dont_know ? ` · ${result.dont_know}: ${item.dont_know}` : "";
      row.append(el("div", { class: "scale-result-label" },
        `${item.label} · ${Workshop.t("gemiddeld {mean}", { mean })} (n = ${item.n})${apart}`));
      row.append(Workshop.kinds.scale.stack(result, item));
      list.append(row);
    });
    container.append(Workshop.kinds.scale.legend(result), list, Workshop.fitList(list, "items", { columns: 2 }));
  },
  /* Split: a row per item, per group its bar and mean. */
  split(container, question, groups) {
    const first = groups[0].result;
    container.append(Workshop.kinds.scale.legend(first));
    const rows = first.items.map((item, index) => ({ key: index, label: item.label }));
    Workshop.matrix(container, groups, rows, (group, index, key) => {
      const item = group.result.items[key];
      if (!item) return null;
      const cell = Workshop.el("div", { class: "matrix-cell" });
      cell.append(Workshop.kinds.scale.stack(group.result, item, true),  // the key above names the points
        Workshop.el("span", { class: "matrix-value" }, item.mean === null ? "–" : Workshop.formatNumber(item.mean, 1)));
      return cell;
    });
  },
};
