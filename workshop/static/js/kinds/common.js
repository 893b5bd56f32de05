/* Shared by every page: the registry of interaction kinds and a safe element builder.
   User text only ever goes in through textContent, never innerHTML. */
"use strict";
window.Workshop = {
  kinds: {},
  /* Interface text: the Dutch text looked up in the page's catalogue (templates/base.html; empty on Dutch
     pages), then {name} placeholders filled from params. Texts in Workshop.t("...") are extracted by pybabel. */
  t(text, params) {
    if (Workshop.catalog === undefined) {
      const data = document.getElementById("workshop-i18n");
      Workshop.catalog = data ? JSON.parse(data.textContent) : {};
    }
    const translated = Workshop.catalog[text] || text;
    return translated.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  },
  /* The values a Dutch text was filled in with from `template` ({name} placeholders), or null when the text
     does not come from that template: for texts the server sends as data, already filled in, so that
     Workshop.t(template, values) can show them in the page's language. */
  valuesIn(text, template) {
    const names = [];
    const pattern = template.split(/\{(\w+)\}/).map((part, index) => {
      if (index % 2) { names.push(part); return "([\\s\\S]*?)"; }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("");
    const found = new RegExp("^" + pattern + "$").exec(text || "");
    return found && Object.fromEntries(names.map((name, index) => [name, found[index + 1]]));
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
