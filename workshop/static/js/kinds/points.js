/* points: divide a budget of points over the items; the projector shows the mean per item. */
"use strict";
Workshop.kinds.points = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    return question.settings.items.map((item, i) => `${item}: ${value[i]}`).join(" · ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    // A press of + or - moves a twentieth of the budget (5 of 100), so nobody has to tap a hundred times.
    const step = Math.max(1, Math.round(s.total / 20));
    // An ideas question voted with dots (s.dots) says dots and ideas where a points question says points and items.
    const dots = Boolean(s.dots);
    container.append(el("p", { class: "hint" }, dots ? Workshop.t("Verdeel {total} stippen over de ideeën.", { total: s.total })
      : Workshop.t("Verdeel {total} punten over de onderdelen.", { total: s.total })));

    // The number in a field, or null when it is not a whole number of 0 or more; an empty field is 0.
    const pointsIn = (input) => {
      if (input.validity.badInput) return null;
      if (input.value.trim() === "") return 0;
      const n = Number(input.value);
      return Number.isInteger(n) && n >= 0 ? n : null;
    };
    const inputs = [];
    const read = () => {
      const values = inputs.map(pointsIn);
      const valid = !values.includes(null);
      return { values, valid, sum: valid ? values.reduce((a, b) => a + b, 0) : null };
    };
    const counter = el("p", { class: "points-left", "aria-live": "polite" });
    const update = () => {
      const { valid, sum } = read();
      const left = s.total - sum;
      counter.dataset.state = !valid || left < 0 ? "over" : left === 0 ? "done" : "left";
      if (!valid) counter.textContent = Workshop.t("Vul hele getallen van 0 of meer in.");
      else if (left > 0 && dots) counter.textContent = (left === 1 ? Workshop.t("Nog {count} stip over.", { count: left }) : Workshop.t("Nog {count} stippen over.", { count: left }));
      else if (left > 0) counter.textContent = (left === 1 ? Workshop.t("Nog {count} punt over.", { count: left }) : Workshop.t("Nog {count} punten over.", { count: left }));
      else if (left === 0) counter.textContent = dots ? Workshop.t("Alle stippen zijn verdeeld.") : Workshop.t("Alle punten zijn verdeeld.");
      else if (dots) counter.textContent = (left === -1 ? Workshop.t("{count} stip te veel.", { count: -left }) : Workshop.t("{count} stippen te veel.", { count: -left }));
      else counter.textContent = (left === -1 ? Workshop.t("{count} punt te veel.", { count: -left }) : Workshop.t("{count} punten te veel.", { count: -left }));
    };
    const set = (input, value) => { input.value = String(value); update(); };

    s.items.forEach((item, index) => {
      const id = `points-${question.id}-${index}`;
      const row = el("div", { class: "points-row" });
      const input = el("input", { type: "number", id, class: "points-input", min: 0, max: s.total, step: 1,
        inputmode: "numeric" });
      input.value = String(answer && Number.isInteger(answer[index]) ? answer[index] : 0);
      input.addEventListener("input", update);
      const stepper = (text, name) =>
        el("button", { type: "button", class: "points-step", "aria-label": name }, text);
      const minus = stepper("−", dots ? Workshop.t("Minder stippen voor {item}", { item }) : Workshop.t("Minder punten voor {item}", { item }));
      const plus = stepper("+", dots ? Workshop.t("Meer stippen voor {item}", { item }) : Workshop.t("Meer punten voor {item}", { item }));
      // an idea hidden after its vote opened (ideas, s.hidden) takes no dots; those it had can be taken off
      if ((s.hidden || []).includes(index)) { plus.disabled = true; plus.dataset.locked = "1"; }
      minus.addEventListener("click", () => set(input, Math.max(0, (pointsIn(input) || 0) - step)));
      plus.addEventListener("click", () => {
        const { sum } = read();
        const left = sum === null ? step : s.total - sum;
        if (left > 0) set(input, (pointsIn(input) || 0) + Math.min(step, left));
      });
      row.append(el("label", { for: id, class: "points-label" }, item), minus, input, plus);
      container.append(row);
      inputs.push(input);
    });
    container.append(counter);
    update();

    return () => {
      const { values, valid, sum } = read();
      if (!valid) return { error: dots ? Workshop.t("Vul bij elk idee een heel getal van 0 of meer in.") : Workshop.t("Vul bij elk onderdeel een heel getal van 0 of meer in.") };
      if (sum !== s.total) return { error: dots ? Workshop.t("Je hebt {given} van de {total} stippen verdeeld.", { given: sum, total: s.total })
        : Workshop.t("Je hebt {given} van de {total} punten verdeeld.", { given: sum, total: s.total }) };
      return { value: values };
    };
  },
  result(container, question, result) {
    const el = Workshop.el;
    container.append(el("p", { class: "muted" },
      Workshop.t("Gemiddeld aantal punten (van de {total}) per onderdeel", { total: result.total })));
    const list = el("div", { class: "bars" });
    result.items.forEach((item) => {
      const pct = item.mean === null ? 0 : (100 * item.mean) / result.total;
      const shown = item.mean === null ? "–" : Workshop.t("gem. {mean}", { mean: Workshop.formatNumber(item.mean, 1) });
      list.append(Workshop.bar(item.label, item.mean, pct, shown));
    });
    container.append(list, Workshop.fitList(list, "items", { columns: 2 }));
  },
  /* Split: a row per item, the mean points of each group. */
  split(container, question, groups) {
    const total = groups[0].result.total;
    container.append(Workshop.el("p", { class: "muted" },
      Workshop.t("Gemiddeld aantal punten (van de {total}) per onderdeel", { total })));
    const rows = groups[0].result.items.map((item) => ({ key: item.label, label: item.label }));
    Workshop.matrix(container, groups, rows, (group, index, key) => {
      const item = group.result.items.find((i) => i.label === key);
      if (!item || item.mean === null) return null;
      return Workshop.matrixBar((100 * item.mean) / total, Workshop.formatNumber(item.mean, 1), index);
    });
  },
};
