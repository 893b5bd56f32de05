/* A question asked again: its rounds side by side (docs/protocol.md, "round"). Per option or item a bar per
   round, the earlier round lighter and first, each with its value printed, and the shift from the earlier
   round to the later one beside the label (an arrow and a signed number: never colour alone). */
"use strict";
(function () {
  const el = Workshop.el;
  // What the values are, per basis (workshop/rounds.py BASES).
  const CAPTIONS = {
    percent: () => Workshop.t("Aandeel van wie antwoordde; verschuiving in procentpunten (pp)."),
    upper: () => Workshop.t("Aandeel dat boven het midden van de schaal koos; verschuiving in procentpunten (pp)."),
    points: () => Workshop.t("Aandeel van alle gegeven punten; verschuiving in procentpunten (pp)."),
    score: () => Workshop.t("Score van 0 tot 100 (100: iedereen zette het bovenaan); verschuiving in punten."),
    mean: () => Workshop.t("Gemiddelde op de schaal; verschuiving in schaalpunten."),
  };

  function valueText(basis, value) {
    if (value === null || value === undefined) return "–";
    return basis === "mean" ? Workshop.formatNumber(value, 1) : `${Workshop.formatNumber(value, 0)}${basis === "score" ? "" : "%"}`;
  }

  function shiftText(basis, shift) {
    if (shift === null || shift === undefined) return "";
    const digits = basis === "mean" ? 1 : 0;
    const rounded = Workshop.roundHalfUp(shift, digits);
    const unit = basis === "percent" || basis === "upper" || basis === "points" ? " pp" : "";
    if (rounded === 0) return `${shift === 0 ? "=" : "≈"} 0${unit}`;  // ≈: moved less than the last digit shown
    return `${rounded > 0 ? "▲ +" : "▼ −"}${Workshop.formatNumber(Math.abs(rounded), digits)}${unit}`;
  }

  Workshop.rounds = function (container, question, rounds) {
    const [low, high] = rounds.range;
    const legend = el("ul", { class: "legend rounds-legend" });
    rounds.rounds.forEach((round, index) => {
      const li = el("li", {});
      li.append(el("span", { class: `swatch round-${index === rounds.rounds.length - 1 ? "last" : "earlier"}`, "aria-hidden": "true" }),
        round.withheld
          ? Workshop.t("Ronde {round}: minder dan {k} antwoorden, niet getoond", { round: round.round, k: round.k })
          : `${Workshop.t("Ronde {round}", { round: round.round })} (n = ${round.n})`);
      legend.append(li);
    });
    const list = el("div", { class: "rounds-rows" });
    rounds.rows.forEach((row) => {
      const item = el("div", { class: "round-row fit-item" });
      const head = el("div", { class: "round-head" });
      const shift = shiftText(rounds.basis, row.shift);
      head.append(el("span", { class: "round-label" }, row.label));
      if (shift) head.append(el("span", { class: `round-shift ${row.shift > 0 ? "up" : row.shift < 0 ? "down" : "same"}` }, shift));
      item.append(head);
      row.values.forEach((value, index) => {
        const last = index === row.values.length - 1;
        const line = el("div", { class: "round-bar" });
        const pct = value === null ? 0 : ((value - low) / (high - low || 1)) * 100;
        line.append(el("span", { class: "round-tag" }, `R${rounds.rounds[index].round}`),
          Workshop.track(pct, last ? "round-last" : "round-earlier"),
          el("span", { class: "bar-value" }, valueText(rounds.basis, value)));
        item.append(line);
      });
      list.append(item);
    });
    container.append(legend, list, Workshop.fitList(list, "rounds", { columns: 2 }),
      el("p", { class: "muted rounds-caption" }, CAPTIONS[rounds.basis] ? CAPTIONS[rounds.basis]() : ""));
  };
})();
