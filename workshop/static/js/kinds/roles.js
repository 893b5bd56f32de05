/* roles ("wie zorgt voor wat"): per task the party or parties that take care of it.
   Phone: one fieldset of chips per task and a count of tasks still open.
   Projector: a heatmap table, tasks x parties, with the percentage printed in every cell. */
"use strict";
Workshop.kinds.roles = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    const s = question.settings;
    const names = (chosen) => [].concat(chosen).map((column) => s.columns[column]).join(" + ");
    return s.rows.map((task, i) => `${task}: ${names(value[i])}`).join(" · ");
  },
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
      const tr = el("tr", { class: "fit-item" });
      tr.append(el("th", { scope: "row" }, row.label));
      row.percents.forEach((pct, column) => {
        const top = row.top.includes(result.columns[column]);
        const text = `${top ? "★ " : ""}${Workshop.formatNumber(pct, 0)}%`;
        tr.append(Workshop.kinds.roles.cell(pct, text, top,
          `${row.label} – ${result.columns[column]}: ${Workshop.t("{count} van {n}", { count: row.counts[column], n: row.n })}`));
      });
      tr.append(el("td", { class: "roles-n" }, row.n));
      tbody.append(tr);
    });
    container.append(table, Workshop.fitList(table, "tasks", { template: Workshop.t("en {count} taken meer") }));
    container.append(Workshop.kinds.roles.legend(question));
  },

  /* A cell of the heatmap: darker for a higher share (the palette's five steps); the number is printed in every
     cell, so colour is never alone. */
  cell(pct, text, top, title) {
    const step = Math.min(4, Math.max(0, Math.floor(pct / 20)));
    return Workshop.el("td", { class: `roles-cell heat-${step}${top ? " roles-top" : ""}`, title }, text);
  },

  legend(question, split) {
    const notes = ["★ = " + Workshop.t("meest genoemd")];
    if (split) notes.push(Workshop.t("% van elke groep"));
    if (question.settings.multiple) {
      notes.push(Workshop.t("meer partijen per taak mogelijk: een rij telt op tot meer dan 100%"));
    }
    return Workshop.el("p", { class: "roles-legend" }, notes.join(" · "));
  },

  /* Split: one table, per party a column for each group (in its colour), so groups compare within a party; each
     task's name on a line of its own above its cells, so 20 columns of numbers fit a 4:3 screen. */
  split(container, question, groups) {
    const el = Workshop.el;
    const columns = groups[0].result.columns;
    const table = el("table", { class: "roles-table roles-split" });
    const parties = el("tr", {});
    columns.forEach((party) => parties.append(el("th", { scope: "colgroup", colspan: String(groups.length), class: "roles-party" }, party)));
    const names = el("tr", {});
    columns.forEach(() => groups.forEach((group, index) => {
      const th = el("th", { scope: "col", class: `roles-group${index ? "" : " party-start"}`, title: `${Workshop.label(group.label)} (n = ${group.n})` });
      th.append(el("span", { class: `swatch group-${index}`, "aria-hidden": "true" }));
      names.append(th);
    }));
    const thead = el("thead", {});
    thead.append(parties, names);
    table.append(thead);
    groups[0].result.rows.forEach((first, rowIndex) => {
      const task = el("tbody", { class: "fit-item" });
      const name = el("tr", { class: "roles-task" });
      name.append(el("th", { scope: "rowgroup", colspan: String(columns.length * groups.length) }, first.label));
      const tr = el("tr", {});
      columns.forEach((party, column) => groups.forEach((group, index) => {
        const row = group.result.rows[rowIndex];
        const pct = row ? row.percents[column] : 0;
        const top = Boolean(row) && row.top.includes(party);
        tr.append(Workshop.kinds.roles.cell(pct, `${top ? "★" : ""}${Workshop.formatNumber(pct, 0)}`, top,
          `${first.label} – ${party} – ${Workshop.label(group.label)}: ${row ? Workshop.t("{count} van {n}", { count: row.counts[column], n: row.n }) : "–"}`));
        if (!index) tr.lastChild.classList.add("party-start");
      }));
      task.append(name, tr);
      table.append(task);
    });
    const legend = el("ul", { class: "legend" });
    groups.forEach((group, index) => {
      const li = el("li", {});
      li.append(el("span", { class: `swatch group-${index}`, "aria-hidden": "true" }), `${Workshop.label(group.label)} (n = ${group.n})`);
      legend.append(li);
    });
    container.append(legend, table, Workshop.fitList(table, "tasks", { template: Workshop.t("en {count} taken meer") }),
      Workshop.kinds.roles.legend(question, true));
  },
};
