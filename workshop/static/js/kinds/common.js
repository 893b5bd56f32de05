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
  bar(label, count, pct, extra) {
    const el = Workshop.el;
    const row = el("div", { class: "bar-row" });
    row.append(el("span", { class: "bar-label" }, label));
    const track = el("span", { class: "bar-track" });
    const fill = el("span", { class: "bar-fill" });
    fill.style.width = Math.max(0, Math.min(100, pct)) + "%";
    track.append(fill);
    row.append(track, el("span", { class: "bar-value" }, extra || `${Workshop.formatNumber(count, 0)} (${Math.round(pct)}%)`));
    return row;
  },
  formatNumber(value, digits) {
    return Number(value).toLocaleString(document.documentElement.lang || "nl", {
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    });
  },
};
