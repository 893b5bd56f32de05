/* ranking: put every item in order with up/down buttons; the projector shows Borda points in ranked order. */
"use strict";
Workshop.kinds.ranking = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    return value.map((index, place) => `${place + 1}. ${question.settings.items[index]}`).join(" · ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const labels = question.settings.items;
    const complete = Array.isArray(answer) && answer.length === labels.length &&
      labels.every((_, index) => answer.includes(index));
    const order = complete ? answer.slice() : labels.map((_, index) => index);

    container.append(el("p", { class: "hint" },
      Workshop.t("Zet het belangrijkste bovenaan. Verplaats met de pijltjes.")));
    const list = el("ol", { class: "ranking-list" });
    const status = el("p", { class: "hint", "aria-live": "polite" });
    container.append(list, status);

    // Buttons that cannot move their item stay focusable but inert (aria-disabled), because the phone page
    // re-enables every button whenever the question opens.
    function button(position, delta, label) {
      const edge = delta < 0 ? position === 0 : position === order.length - 1;
      const node = el("button", {
        type: "button",
        class: "ranking-move",
        "aria-label": (delta < 0 ? Workshop.t("Zet {label} hoger", { label }) : Workshop.t("Zet {label} lager", { label })),
        "aria-disabled": String(edge),
        "data-delta": delta,
      }, delta < 0 ? "↑" : "↓");
      node.addEventListener("click", () => { if (!edge) move(position, delta); });
      return node;
    }

    function draw() {
      list.replaceChildren();
      order.forEach((index, position) => {
        const label = labels[index];
        const item = el("li", { class: "ranking-item", "data-index": index });
        item.append(el("span", { class: "ranking-place", "aria-hidden": "true" }, position + 1),
          el("span", { class: "ranking-label" }, label),
          button(position, -1, label), button(position, 1, label));
        list.append(item);
      });
    }

    function move(position, delta) {
      const target = position + delta;
      [order[position], order[target]] = [order[target], order[position]];
      draw();
      // Focus stays on the same arrow of the moved item, so pressing again moves it further (and at the end
      // of the list does nothing, rather than surprising anyone by moving it back).
      list.children[target].querySelector(`[data-delta="${delta}"]`).focus();
      status.textContent = Workshop.t("{item} staat nu op plaats {place}.", { item: labels[order[target]], place: target + 1 });
    }

    draw();
    return () => ({ value: order.slice() });
  },
  result(container, question, result) {
    const el = Workshop.el;
    const most = result.n * (result.items.length - 1);
    container.append(el("p", { class: "muted" },
      Workshop.t("Bordapunten: een eerste plaats telt {first}, een laatste plaats 0.", { first: result.items.length - 1 })));
    const list = el("div", { class: "bars" });
    result.items.forEach((item, position) => {
      const pct = most ? (100 * item.borda) / most : 0;
      const points = (item.borda === 1 ? Workshop.t("{count} punt", { count: item.borda }) : Workshop.t("{count} punten", { count: item.borda }));
      const shown = item.mean_rank === null ? "–"
        : `${points} · ${Workshop.t("gem. plaats {rank}", { rank: Workshop.formatNumber(item.mean_rank, 1) })}`;
      list.append(Workshop.bar(`${position + 1}. ${item.label}`, item.borda, pct, shown));
    });
    container.append(list, Workshop.fitList(list, "items", { columns: 2 }));
  },
  /* Split: a row per item in the whole room's order, each group's mean place (1 is first). */
  split(container, question, groups) {
    container.append(Workshop.el("p", { class: "muted" }, Workshop.t("Gemiddelde plaats per groep (1 = belangrijkst)")));
    const count = groups[0].result.items.length;
    const order = groups[0].result.items.map((item) => item.label);
    const rows = order.map((label) => ({ key: label, label }));
    Workshop.matrix(container, groups, rows, (group, index, key) => {
      const item = group.result.items.find((i) => i.label === key);
      if (!item || item.mean_rank === null) return null;
      const pct = count > 1 ? (100 * (count - item.mean_rank)) / (count - 1) : 100;
      return Workshop.matrixBar(pct, Workshop.formatNumber(item.mean_rank, 1), index);
    });
  },
};
