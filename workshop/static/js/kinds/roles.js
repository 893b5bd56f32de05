/* roles ("wie zorgt voor wat"): per task the party or parties that take care of it.
   Phone: one fieldset of chips per task and a count of tasks still open.
   Projector: a heatmap table, tasks x parties, with the percentage printed in every cell. */
"use strict";
Workshop.kinds.roles = {
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    const type = s.multiple ? "checkbox" : "radio";
    const tooMany = s.max === 1 ? Workshop.t("kies één partij") : Workshop.t("kies hoogstens {max} partijen", { max: s.max });
    const limit = s.max < s.columns.length ? " " + Workshop.t("(hoogstens {max})", { max: s.max }) : "";
    container.append(el("p", { class: "hint" }, s.multiple
      ? Workshop.t("Kies per taak wie ervoor zorgt: één of meer partijen{limit}.", { limit })
      : Workshop.t("Kies per taak wie ervoor zorgt.")));
    const count = el("p", { class: "roles-open", "aria-live": "polite" });
    const rows = s.rows.map((task, row) => {
      const stored = answer ? answer[row] : null;
      const chosen = new Set(stored === null || stored === undefined ? [] : [].concat(stored));
      const fieldset = el("fieldset", { class: "roles-row" });
      const legend = el("legend", {});
      const status = el("span", { class: "roles-row-status" });
      legend.append(el("span", {}, task), status);
      fieldset.append(legend);
      const chips = el("div", { class: "roles-chips" });
      s.columns.forEach((party, column) => {
        const id = `roles-${question.id}-${row}-${column}`;
        const input = el("input", { type, name: `roles-${row}`, id, value: column });
        input.checked = chosen.has(column);
        const chip = el("label", { class: "roles-chip", for: id });
        chip.append(input, el("span", {}, party));
        chips.append(chip);
      });
      fieldset.append(chips);
      container.append(fieldset);
      return { fieldset, status };
    });
    container.append(count);

    const picked = (fieldset) => [...fieldset.querySelectorAll("input:checked")].map((i) => Number(i.value));
    function update() {
      let open = 0;
      rows.forEach(({ fieldset, status }) => {
        const isOpen = picked(fieldset).length === 0;
        open += isOpen;
        fieldset.classList.toggle("roles-row-open", isOpen);
        status.textContent = isOpen ? " · " + Workshop.t("nog open") : "";
      });
      count.textContent = open
        ? Workshop.t("Nog {open} van de {count} taken open.", { open, count: rows.length })
        : Workshop.t("Alle {count} taken ingevuld.", { count: rows.length });
      return open;
    }
    container.addEventListener("change", (event) => {
      const row = rows.find(({ fieldset }) => fieldset.contains(event.target));
      // With a maximum, the box that would go over it is unticked again and the row says why.
      if (row && s.multiple && event.target.checked && picked(row.fieldset).length > s.max) {
        event.target.checked = false;
        update();
        row.status.textContent = ` · ${tooMany}`;
        return;
      }
      update();
    });
    update();

    return () => {
      const open = update();
      if (open) return { error: Workshop.t("Kies bij elke taak wie ervoor zorgt (nog {missing} open).", { missing: open }) };
      const value = rows.map(({ fieldset }) => (s.multiple ? picked(fieldset) : picked(fieldset)[0]));
      return { value };
    };
  },

  result(container, question, result) {
    const el = Workshop.el;
    const table = el("table", { class: "roles-table" });
    const head = el("tr", {});
    head.append(el("th", { scope: "col" }, Workshop.t("Taak")));
    result.columns.forEach((party) => head.append(el("th", { scope: "col" }, party)));
    head.append(el("th", { scope: "col", class: "roles-n" }, "n"));
    const thead = el("thead", {});
    const tbody = el("tbody", {});
    thead.append(head);
    table.append(thead, tbody);
    result.rows.forEach((row) => {
      const tr = el("tr", {});
      tr.append(el("th", { scope: "row" }, row.label));
      row.percents.forEach((pct, column) => {
        const top = row.top.includes(result.columns[column]);
        const text = `${top ? "★ " : ""}${Workshop.formatNumber(pct, 0)}%`;
        const cell = el("td", { class: top ? "roles-cell roles-top" : "roles-cell",
          title: `${row.label} – ${result.columns[column]}: ${Workshop.t("{count} van {n}", { count: row.counts[column], n: row.n })}` }, text);
        // Darker blue for a higher share; the number is printed in every cell, so colour is never alone.
        const lightness = 97 - 0.67 * Math.max(0, Math.min(100, pct));
        cell.style.backgroundColor = `hsl(211, 88%, ${lightness}%)`;
        cell.style.color = lightness < 50 ? "#fff" : "";  // where white beats dark ink on contrast
        tr.append(cell);
      });
      tr.append(el("td", { class: "roles-n" }, row.n));
      tbody.append(tr);
    });
    container.append(table);
    const notes = ["★ = " + Workshop.t("meest genoemd")];
    if (question.settings.multiple) {
      notes.push(Workshop.t("meer partijen per taak mogelijk: een rij telt op tot meer dan 100%"));
    }
    container.append(el("p", { class: "roles-legend" }, notes.join(" · ")));
  },
};
