/* choice: one option (radio buttons) or several up to a maximum (checkboxes). */
"use strict";
Workshop.kinds.choice = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    return (value || []).map((index) => question.settings.options[index]).join(", ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    const chosen = new Set(answer || []);
    const fieldset = el("fieldset", { class: "options" });
    fieldset.append(el("legend", { class: "hint" },
      s.multiple ? Workshop.t("Kies er hoogstens {max}.", { max: s.max }) : Workshop.t("Kies één antwoord.")));
    s.options.forEach((label, index) => {
      const id = `opt-${question.id}-${index}`;
      const input = el("input", { type: s.multiple ? "checkbox" : "radio", name: "choice", id, value: index });
      input.checked = chosen.has(index);
      // an idea hidden after its vote opened (ideas, s.hidden) can be unticked but not chosen
      if ((s.hidden || []).includes(index) && !input.checked) { input.disabled = true; input.dataset.locked = "1"; }
      const wrap = el("label", { class: "option", for: id });
      const text = el("span", { class: "option-text" });
      text.append(el("span", {}, label));
      const details = s.details && s.details[index];
      if (details && details.description) text.append(el("span", { class: "option-description" }, details.description));
      wrap.append(input, text);
      if (details && details.image) {
        // Pictures come from this server only: the session's own media route.
        wrap.append(el("img", { class: "option-image", alt: "", loading: "lazy",
          src: `/j/${encodeURIComponent(document.body.dataset.code)}/media/${details.image.split("/").map(encodeURIComponent).join("/")}` }));
      }
      fieldset.append(wrap);
    });
    container.append(fieldset);
    return () => {
      const picked = [...fieldset.querySelectorAll("input:checked")].map((i) => Number(i.value));
      if (!picked.length) return { error: Workshop.t("Kies eerst een antwoord.") };
      if (picked.length > s.max) return { error: Workshop.t("Kies hoogstens {max} antwoorden.", { max: s.max }) };
      return { value: picked };
    };
  },
  result(container, question, result) {
    const list = Workshop.el("div", { class: "bars" });
    result.options.forEach((o) => list.append(Workshop.bar(o.label, o.count, o.percent)));
    container.append(list, Workshop.fitList(list, "options", { columns: 2 }));
  },
  /* Split: a row per option, a bar per group (percent of the group's respondents). */
  split(container, question, groups) {
    const rows = groups[0].result.options.map((o, index) => ({ key: index, label: o.label }));
    Workshop.matrix(container, groups, rows, (group, index, key) => {
      const option = group.result.options[key];
      return option ? Workshop.matrixBar(option.percent, `${Workshop.formatNumber(option.percent, 0)}%`, index) : null;
    });
  },
};
