/* open: a few short texts per participant; the projector shows them as cards. */
"use strict";
Workshop.kinds.open = {
  /* An answer in words, as the phone shows the participant's earlier round. */
  summary(question, value) {
    return (value || []).join(" · ");
  },
  form(question, answer, container) {
    const el = Workshop.el;
    const s = question.settings;
    const inputs = [];
    for (let i = 0; i < s.answers; i++) {
      const id = `open-${question.id}-${i}`;
      container.append(el("label", { for: id, class: "hint" },
        s.answers > 1 ? Workshop.t("Antwoord {number} van {count}", { number: i + 1, count: s.answers }) : Workshop.t("Je antwoord")));
      const input = el("textarea", { id, maxlength: s.max_length, rows: 2 });
      input.value = (answer && answer[i]) || "";
      container.append(input);
      inputs.push(input);
    }
    return () => {
      const value = inputs.map((i) => i.value.trim()).filter(Boolean);
      if (!value.length) return { error: Workshop.t("Schrijf eerst een antwoord.") };
      return { value };
    };
  },
  result(container, question, result) {
    const el = Workshop.el;
    const cards = el("ul", { class: "cards" });
    result.answers.forEach((text) => cards.append(el("li", { class: "answer-card fit-item" }, text)));
    if (!result.answers.length) cards.append(el("li", { class: "muted" }, Workshop.t("Nog geen antwoorden.")));
    // A large meeting: the screen gets the latest answers only, and a projector shows as many of the latest as
    // fit; the line says how many earlier ones there are (every answer is in the exports).
    const more = Workshop.fitList(cards, "answers", { trim: "start", base: result.earlier || 0,
      template: Workshop.t("en {count} eerdere antwoorden") });
    container.append(cards, more);
    if (result.earlier) Workshop.setMore(more, 0);
  },
};
