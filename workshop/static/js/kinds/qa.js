/* qa: participants ask questions and upvote others'; the projector shows the top questions. */
"use strict";
(function () {
  const el = Workshop.el;

  const latest = new WeakMap();  // as in statements.js: redraw with the newest entry, never an older one

  function draw(container, question, entry, ctx) {
    latest.set(container, entry);
    container.replaceChildren();
    const open = entry.status === "open";
    const redraw = () => draw(container, question, latest.get(container), ctx);
    if (open) container.append(Workshop.kinds.statements.submitForm(question, ctx, redraw, Workshop.t("Vraag stellen"), Workshop.t("Jouw vraag")));
    const list = el("ul", { class: "qa-list" });
    (entry.items || []).forEach((item) => {
      const li = el("li", { class: `qa-item${item.answered ? " answered" : ""}` });
      li.append(el("p", { class: "statement-text" }, item.text));
      const mine = ctx.votes[String(item.id)] === "up";
      // Named by what it shows (the count), then what it does; the arrow is decoration.
      const button = el("button", { type: "button", class: "vote", "aria-pressed": String(mine) });
      button.append(el("span", { "aria-hidden": "true" }, "▲ "), String(item.votes),
        el("span", { class: "visually-hidden" }, " " + (item.votes === 1 ? Workshop.t("stem, steun deze vraag") : Workshop.t("stemmen, steun deze vraag"))));
      button.disabled = !open;
      button.addEventListener("click", async () => {
        const ack = await ctx.send("vote", { submission_id: item.id, vote: mine ? null : "up" });
        if (!ack.ok) { ctx.error(ack.error); return; }
        if (mine) delete ctx.votes[String(item.id)]; else ctx.votes[String(item.id)] = "up";
        item.votes += mine ? -1 : 1;
        redraw();
      });
      li.append(button);
      if (item.answered) li.append(el("span", { class: "muted" }, " beantwoord"));
      list.append(li);
    });
    if (!(entry.items || []).length) list.append(el("li", { class: "muted" }, Workshop.t("Nog geen vragen.")));
    container.append(list);
  }

  Workshop.kinds.qa = {
    board: true,
    form(question, answer, container, ctx) { draw(container, question, ctx.entry, ctx); return null; },
    update(container, question, entry, ctx) { draw(container, question, entry, ctx); },
    result(container, question, result, view) {
      const list = el("ol", { class: "qa-results" });
      result.questions.forEach((q) => {
        const li = el("li", { class: `fit-item${q.answered ? " answered" : ""}${view && view.focus === q.id ? " focus" : ""}` });
        li.append(el("span", { class: "qa-votes" }, `▲ ${q.votes}`), el("span", {}, q.text));
        if (q.answered) li.append(el("span", { class: "muted" }, ` · ${Workshop.t("beantwoord")}`));
        list.append(li);
      });
      if (!result.questions.length) list.append(el("li", { class: "muted" }, Workshop.t("Nog geen vragen.")));
      container.append(list, Workshop.fitList(list, "questions", { columns: 2, template: Workshop.t("en {count} vragen met minder stemmen") }));
    },
  };
})();
