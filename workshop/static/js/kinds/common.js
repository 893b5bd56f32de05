/* Shared by every page: the registry of interaction kinds and a safe element builder.
   User text only ever goes in through textContent, never innerHTML. */
"use strict";
window.Workshop = {
  kinds: {},
  /* Interface text: the Dutch text looked up in the page's catalogue (templates/base.html; empty on Dutch
     pages), then {name} placeholders filled from params. Texts in Workshop.t("...") are extracted by pybabel. */
  t(text, params) {
    return Workshop.fill(Workshop.catalogue()[text] || text, params);
  },
  /* The page's translations of the scripts' texts (Dutch -> interface language), read once. */
  catalogue() {
    if (Workshop.catalog === undefined) {
      const data = document.getElementById("workshop-i18n");
      Workshop.catalog = data ? JSON.parse(data.textContent) : {};
    }
    return Workshop.catalog;
  },
  /* A label as sent in data: translated when it is one of the words the server adds ("Overig", "Onbekend",
     "Zeg ik liever niet"; profiles.SPLIT_TEXTS, listed in the page's workshop-labels block), else the deck's
     own words exactly as written. A list is joined. */
  label(value) {
    if (Array.isArray(value)) return value.map(Workshop.label).join(", ");
    if (Workshop.labels === undefined) {
      const data = document.getElementById("workshop-labels");
      Workshop.labels = new Set(data ? JSON.parse(data.textContent) : []);
    }
    const catalogue = Workshop.catalogue();
    return Workshop.labels.has(value) && Object.prototype.hasOwnProperty.call(catalogue, value) ? catalogue[value] : value;
  },
  /* A text in the page's language with its {name} placeholders filled in from params. */
  fill(text, params) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  },
  el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "style") Object.assign(node.style, value);
      else node.setAttribute(key, value);
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  },
  /* A horizontal bar: label, a bar scaled to percent, and the number printed (never colour alone). */
  bar(label, count, pct, extra, colour) {
    const el = Workshop.el;
    const row = el("div", { class: "bar-row fit-item" });
    row.append(el("span", { class: "bar-label" }, label));
    row.append(Workshop.track(pct, colour),
      el("span", { class: "bar-value" }, extra || `${Workshop.formatNumber(count, 0)} (${Workshop.formatNumber(pct, 0)}%)`));
    return row;
  },
  /* The track and fill of one bar; `colour` is a palette class (group-2) or none for the vote colour. */
  track(pct, colour) {
    const el = Workshop.el;
    const track = el("span", { class: "bar-track" });
    const fill = el("span", { class: colour ? `bar-fill ${colour}` : "bar-fill" });
    fill.style.width = Math.max(0, Math.min(100, pct)) + "%";
    track.append(fill);
    return track;
  },
  /* `value` rounded to `digits` decimals, halves away from zero as workshop/numbers.py (21.25 -> 21.3, 2.5 -> 3):
     rounded on the decimal text, so 1.005 -> 1.01 as a spreadsheet's ROUND, not 1.00 as the binary value. */
  roundHalfUp(value, digits) {
    const places = digits || 0;
    const magnitude = Math.round(Number(`${Math.abs(value)}e${places}`));
    return Math.sign(value) * Number(`${magnitude}e-${places}`);
  },
  formatNumber(value, digits) {
    return Workshop.roundHalfUp(Number(value), digits || 0).toLocaleString(document.documentElement.lang || "nl", {
      minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0,
    });
  },
  /* Marks `list` as one the projector may shorten when it cannot fit at the smallest readable size (present.js):
     its .fit-item children are counted, and the returned line says "en N meer" when some are left out.
     `template` is the line's text with {count}; `base` adds what the server already left out; `trim: "start"`
     leaves out the first items (the oldest) instead of the last (the lowest ranked). */
  fitList(list, name, options) {
    const o = options || {};
    list.dataset.list = name;
    list.dataset.total = String([...list.querySelectorAll(":scope > .fit-item, :scope > tbody > .fit-item")].length);
    if (o.columns) list.dataset.columns = String(o.columns);
    if (o.trim) list.dataset.trim = o.trim;
    const more = Workshop.el("p", { class: "fit-more muted", "data-more-of": name, "data-hidden": "0",
      "data-base": String(o.base || 0), "data-template": o.template || Workshop.t("en {count} meer") });
    more.hidden = true;
    return more;
  },
  /* Shows the "en N meer" line of a list with `hidden` items left out (and the server's own `base`). */
  setMore(more, hidden) {
    const total = hidden + Number(more.dataset.base || 0);
    more.dataset.hidden = String(hidden);
    more.hidden = total === 0;
    more.textContent = Workshop.fill(more.dataset.template, { count: Workshop.formatNumber(total, 0) });
  },
  /* A split result as one table: a row per item, a column per group with its size and colour. `rows` are
     [{key, label}], `cell(group, index, key)` draws one group's value for a row (or null for none). */
  matrix(container, groups, rows, cell) {
    const el = Workshop.el;
    const table = el("table", { class: "matrix" });
    const head = el("tr", {});
    head.append(el("th", { scope: "col" }, ""));
    groups.forEach((group, index) => {
      const th = el("th", { scope: "col", class: "split-group-name" });
      th.append(el("span", { class: `swatch group-${index}`, "aria-hidden": "true" }),
        `${Workshop.label(group.label)} (n = ${group.n})`);
      head.append(th);
    });
    const thead = el("thead", {});
    thead.append(head);
    const tbody = el("tbody", {});
    rows.forEach((row) => {
      const tr = el("tr", { class: "fit-item" });
      tr.append(el("th", { scope: "row" }, row.label));
      groups.forEach((group, index) => {
        const td = el("td", {});
        const content = cell(group, index, row.key);
        if (content) td.append(content); else td.append("–");
        tr.append(td);
      });
      tbody.append(tr);
    });
    table.append(thead, tbody);
    const more = Workshop.fitList(table, "matrix");
    container.append(table, more);
    return table;
  },
  /* One cell of a matrix: a bar in the group's colour and its value printed. */
  matrixBar(pct, text, index) {
    const el = Workshop.el;
    const cell = el("div", { class: "matrix-cell" });
    cell.append(Workshop.track(pct, `group-${index}`), el("span", { class: "matrix-value" }, text));
    return cell;
  },
};
