/* scale: each item rated on the same labelled scale; the projector shows the distribution and mean. */
"use strict";
Workshop.kinds.scale = {
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
  result(container, question, result) {
    const el = Workshop.el;
    const list = el("div", { class: "scale-results" });
    result.items.forEach((item) => {
      const row = el("div", { class: "scale-result" });
      const mean = item.mean === null ? "–" : Workshop.formatNumber(item.mean, 1);
      const apart = result.dont_know && item.dont_know ? ` · ${result.dont_know}: ${item.dont_know}` : "";
      row.append(el("div", { class: "scale-result-label" }, `${item.label} · gemiddeld ${mean} (n = ${item.n})${apart}`));
      const stack = el("div", { class: "stack-bar", role: "img",
        "aria-label": result.points.map((p, i) => `${p}: ${item.counts[i]}`).join(", ") });
      result.points.forEach((p, i) => {
        const part = el("span", { class: `stack-part point-${i}` }, item.counts[i] ? `${p}: ${item.counts[i]}` : "");
        part.style.flexGrow = item.counts[i];
        stack.append(part);
      });
      row.append(stack);
      list.append(row);
    });
    const ends = el("div", { class: "scale-ends" });
    ends.append(el("span", {}, `${result.points[0]} ${result.labels[String(result.points[0])] || ""}`),
      el("span", {}, `${result.points.at(-1)} ${result.labels[String(result.points.at(-1))] || ""}`));
    list.append(ends);
    container.append(list);
  },
};
