/* statements: a statement board. Phones vote agree / disagree / pass card by card (or as a list) and may add
   their own statements; the projector shows the votes per statement, sorted as the facilitator chose. */
"use strict";
(function () {
  const el = Workshop.el;
  const VOTES = [["agree", Workshop.t("Eens")], ["disagree", Workshop.t("Oneens")], ["pass", Workshop.t("Weet niet")]];

  function voteButtons(item, ctx, onVoted) {
    const row = el("div", { class: "vote-buttons", role: "group", "aria-label": Workshop.t("Jouw stem") });
    VOTES.forEach(([vote, label]) => {
      const pressed = ctx.votes[String(item.id)] === vote;
      const button = el("button", { type: "button", class: `vote vote-${vote}`, "aria-pressed": String(pressed) }, label);
      button.addEventListener("click", async () => {
        const next = ctx.votes[String(item.id)] === vote ? null : vote;
        const ack = await ctx.send("vote", { submission_id: item.id, vote: next });
        if (!ack.ok) { ctx.error(ack.error); return; }
        if (next === null) delete ctx.votes[String(item.id)]; else ctx.votes[String(item.id)] = next;
        ctx.error("");
        onVoted();
      });
      row.append(button);
    });
    return row;
  }

  /* A statement's votes as one bar in the palette's vote colours, the counts printed where they fit. */
  function stack(s) {
    const bar = el("div", { class: "stack-bar", role: "img",
      "aria-label": Workshop.t("eens {agree}, oneens {disagree}, weet niet {pass}", { agree: s.agree, disagree: s.disagree, pass: s.pass }) });
    ["agree", "disagree", "pass"].forEach((key) => {
      const part = el("span", { class: `stack-part vote-${key}` }, s[key] ? String(s[key]) : "");
      part.style.flexGrow = s[key];
      bar.append(part);
    });
    return bar;
  }

  function agreeShare(s) {
    return s.votes ? Workshop.t("eens {share}%", { share: Workshop.formatNumber((100 * s.agree) / s.votes, 0) }) : "–";
  }

  /* The key to the vote colours. */
  function legend() {
    const list = el("ul", { class: "legend" });
    VOTES.forEach(([vote, label]) => {
      const li = el("li", {});
      li.append(el("span", { class: `swatch vote-${vote}`, "aria-hidden": "true" }), label);
      list.append(li);
    });
    return list;
  }

  // The entry each board was last drawn with: an ack that arrives after a newer state must not redraw an old one.
  const latest = new WeakMap();

  function draw(container, question, entry, ctx) {
    latest.set(container, entry);
    const redraw = () => draw(container, question, latest.get(container), ctx);
    container.replaceChildren();
    const items = entry.items || [];
    const open = entry.status === "open";
    const voted = items.filter((i) => ctx.votes[String(i.id)]).length;
    container.append(el("p", { class: "hint", "aria-live": "polite" }, Workshop.t("{voted} van {count} stellingen gestemd", { voted, count: items.length })));
    const asList = container.dataset.view === "list";
    const toggle = el("button", { type: "button", class: "link" }, asList ? Workshop.t("Eén voor één") : Workshop.t("Toon als lijst"));
    toggle.addEventListener("click", () => { container.dataset.view = asList ? "cards" : "list"; redraw(); });
    container.append(toggle);
    if (asList) {
      const list = el("ul", { class: "statement-list" });
      items.forEach((item) => {
        const li = el("li", { class: "statement" });
        li.append(el("p", { class: "statement-text" }, item.text));
        if (open) li.append(voteButtons(item, ctx, redraw));
        list.append(li);
      });
      container.append(list);
    } else {
      const next = items.find((i) => !ctx.votes[String(i.id)]);
      const card = el("div", { class: "statement-card" });
      if (next) {
        card.append(el("p", { class: "statement-text" }, next.text));
        if (open) card.append(voteButtons(next, ctx, redraw));
      } else {
        card.append(el("p", {}, items.length ? Workshop.t("Je hebt op alle stellingen gestemd. Dank je!") : Workshop.t("Nog geen stellingen.")));
      }
      container.append(card);
    }
    const mine = ctx.mine.filter((s) => s.question_id === question.id);
    if (mine.length) {
      // A statement approved after it was sent is on the board now: the status in the submit ack is stale.
      const onBoard = new Set(items.map((i) => i.id));
      const list = el("ul", { class: "my-statements" });
      mine.forEach((s) => list.append(el("li", {},
        `${s.text} – ${onBoard.has(s.id) ? Workshop.t("staat op het bord") : s.status === "hidden" ? Workshop.t("niet geplaatst") : Workshop.t("wacht op goedkeuring")}`)));
      container.append(el("h3", {}, Workshop.t("Jouw stellingen")), list);
    }
    if (open && question.settings.submit) container.append(submitForm(question, ctx, redraw, Workshop.t("Stelling toevoegen"),
      Workshop.t("Je eigen stelling")));
  }

  function submitForm(question, ctx, redraw, buttonText, labelText) {
    const form = el("form", { class: "submit-form" });
    const id = `new-${question.id}`;
    const input = el("textarea", { id, rows: 2, maxlength: question.settings.max_length });
    form.append(el("label", { for: id }, labelText), input,
      el("button", { type: "submit", class: "primary" }, buttonText));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      const ack = await ctx.send("submit", { question_id: question.id, text });
      if (!ack.ok) { ctx.error(ack.error); return; }
      ctx.mine.push(ack.submission);
      ctx.error("");
      ctx.confirm(ack.held ? Workshop.t("Je tekst wordt eerst bekeken door de begeleider ({reasons}).",
        { reasons: ack.held.map((reason) => Workshop.t(reason)).join(", ") })
        : ack.submission.status === "approved" ? Workshop.t("Toegevoegd.") : Workshop.t("Je tekst wacht op goedkeuring."));
      input.value = "";
      redraw();
    });
    return form;
  }

  Workshop.kinds.statements = {
    board: true,
    submitForm,
    form(question, answer, container, ctx) { draw(container, question, ctx.entry, ctx); return null; },
    update(container, question, entry, ctx) { draw(container, question, entry, ctx); },
    result(container, question, result, view) {
      const statements = result.statements.slice();
      const share = (s) => (s.votes ? s.agree / s.votes : 0);
      const division = (s) => (s.votes ? 1 - Math.abs(s.agree - s.disagree) / s.votes : 0);
      const sort = (view && view.board_sort) || "board";
      if (sort === "agree") statements.sort((a, b) => share(b) - share(a));
      if (sort === "divided") statements.sort((a, b) => division(b) - division(a));
      if (sort === "votes") statements.sort((a, b) => b.votes - a.votes);
      if (sort === "newest") statements.sort((a, b) => b.id - a.id);
      const focus = view && view.focus;
      const list = el("div", { class: "statement-results" });
      statements.forEach((s) => {
        const row = el("div", { class: `statement-result fit-item${s.id === focus ? " focus" : ""}` });
        row.append(el("p", { class: "statement-text" }, s.text), stack(s), el("span", { class: "statement-share" }, agreeShare(s)));
        list.append(row);
      });
      if (!statements.length) list.append(el("p", { class: "muted" }, Workshop.t("Nog geen stellingen.")));
      container.append(legend(), list, Workshop.fitList(list, "statements", { columns: 2 }));
    },
    /* Split: a row per statement, per group its votes and share agreeing. */
    split(container, question, groups) {
      container.append(legend());
      const rows = groups[0].result.statements.map((s) => ({ key: s.id, label: s.text }));
      Workshop.matrix(container, groups, rows, (group, index, key) => {
        const s = group.result.statements.find((item) => item.id === key);
        if (!s) return null;
        const cell = el("div", { class: "matrix-cell" });
        cell.append(stack(s), el("span", { class: "matrix-value" }, s.votes ? `${Workshop.formatNumber((100 * s.agree) / s.votes, 0)}%` : "–"));
        return cell;
      });
    },
    comparison(container, question, comparison) {
      {
        const block = el("div", { class: "comparison" });
        const lists = [[Workshop.t("Waar de groepen het over eens zijn"), comparison.agree.slice(0, 3)],
          [Workshop.t("Waar ze verschillen"), comparison.differ.slice(0, 3)]];
        lists.forEach(([title, items]) => {
          block.append(el("h3", {}, title));
          const ul = el("ul", {});
          items.forEach((s) => ul.append(el("li", {}, s.divided
            ? `${s.text} (${Workshop.t("{more} meer eens dan {less}", { more: Workshop.label(s.divided.more), less: Workshop.label(s.divided.less) })})` : s.text)));
          if (!items.length) ul.append(el("li", { class: "muted" }, "–"));
          block.append(ul);
        });
        container.append(block);
      }
    },
  };
})();
