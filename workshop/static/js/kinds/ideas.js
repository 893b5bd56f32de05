/* ideas: phones send short ideas; the facilitator merges duplicates and corrects typos in the control view;
   then the room votes on that list with the form of the kind it is voted as (points, ranking or choice).
   The projector shows the ideas as they come in, then the ideas ranked by their votes. */
"use strict";
(function () {
  const el = Workshop.el;
  const voting = (question) => question.settings.phase === "vote";

  /* ---- phones ---- */

  function drawMine(box, question, ctx) {
    box.replaceChildren();
    const mine = ctx.mine.filter((s) => s.question_id === question.id);
    if (!mine.length) return;
    const list = el("ul", { class: "my-statements" });
    mine.forEach((s) => list.append(el("li", {}, `${s.text} – ${s.status === "approved" ? Workshop.t("ontvangen")
      : s.status === "hidden" ? Workshop.t("niet geplaatst") : Workshop.t("wacht op goedkeuring")}`)));
    box.append(el("h3", {}, Workshop.t("Jouw ideeën")), list);
  }

  function drawCollect(container, question, entry, ctx) {
    container.replaceChildren();
    const open = entry.status === "open";
    container.dataset.drawnOpen = String(open);
    container.append(el("p", { class: "hint" }, Workshop.t("Schrijf je ideeën kort op (hoogstens {count}). Daarna stemt de groep erover.",
      { count: question.settings.per_participant })));
    const mine = el("div", { class: "ideas-mine" });
    const redraw = () => drawMine(mine, question, ctx);
    if (open) {
      container.append(Workshop.kinds.statements.submitForm(question, ctx, redraw, Workshop.t("Idee insturen"),
        Workshop.t("Jouw idee")));
    }
    container.append(mine);
    redraw();
  }

  /* The vote as a question of the kind it is cast as: its own form, the ideas as its items. */
  function votedAs(question) {
    return { id: question.id, kind: question.settings.vote, text: question.text, settings: question.settings.voted_as };
  }

  /* ---- projector ---- */

  function scoreText(result, idea) {
    if (result.vote === "points") return idea.score === 1 ? Workshop.t("{count} stip", { count: 1 }) : Workshop.t("{count} stippen", { count: idea.score });
    if (result.vote === "ranking") {
      const points = idea.score === 1 ? Workshop.t("{count} punt", { count: 1 }) : Workshop.t("{count} punten", { count: idea.score });
      return idea.mean_rank === null ? "–" : `${points} · ${Workshop.t("gem. plaats {rank}", { rank: Workshop.formatNumber(idea.mean_rank, 1) })}`;
    }
    return `${Workshop.formatNumber(idea.count, 0)} (${Workshop.formatNumber(idea.percent, 0)}%)`;
  }

  function label(idea, place) {
    const merged = idea.sources.length > 1 ? ` (${idea.sources.length}×)` : "";
    return `${place ? `${place}. ` : ""}${idea.text}${merged}`;
  }

  function drawList(container, result) {
    container.append(el("p", { class: "muted" }, Workshop.t("{count} ideeën, van {submitted} ingestuurde", {
      count: result.ideas.length, submitted: result.submitted })));
    const list = el("ul", { class: "idea-list" });
    result.ideas.forEach((idea) => list.append(el("li", { class: "idea fit-item" }, label(idea))));
    if (!result.ideas.length) list.append(el("li", { class: "muted" }, Workshop.t("Nog geen ideeën.")));
    container.append(list, Workshop.fitList(list, "ideas", { columns: 2 }));
  }

  function drawVotes(container, result) {
    const heading = { points: Workshop.t("Stippen per idee ({dots} per deelnemer)", { dots: result.total }),
      ranking: Workshop.t("Bordapunten: een eerste plaats telt {first}, een laatste plaats 0.", { first: result.ideas.length - 1 }),
      choice: Workshop.t("Hoe vaak elk idee gekozen is") }[result.vote];
    container.append(el("p", { class: "muted" }, heading));
    const most = Math.max(1, ...result.ideas.map((idea) => idea.score));
    const list = el("div", { class: "bars idea-bars" });
    result.ideas.forEach((idea, index) => list.append(Workshop.bar(label(idea, index + 1), idea.score,
      (100 * idea.score) / most, scoreText(result, idea))));
    container.append(list, Workshop.fitList(list, "ideas", { columns: 2 }));
  }

  /* ---- control view: merge, correct, undo, open the vote ---- */

  const chosen = {};  // question id -> ids of the ideas ticked for a merge (kept across redraws)

  function admin(container, view, send) {
    // The list from the question as it stands (not the result, which is withheld while few have voted).
    const question = view.question;
    const result = { phase: question.settings.phase, ideas: question.settings.ballot || [] };
    const signature = JSON.stringify([question.id, result.phase,
      result.ideas.map((i) => [i.id, i.text, i.sources.length])]);
    if (container.dataset.signature === signature) return;
    container.dataset.signature = signature;
    container.replaceChildren();
    const status = el("p", { class: "hint", "aria-live": "polite" });
    const act = async (event, payload) => {
      const ack = await send(event, Object.assign({ question_id: question.id }, payload));
      status.textContent = ack.ok ? "" : ack.error;
      return ack;
    };
    container.append(el("h3", {}, Workshop.t("Ideeën")));
    if (result.phase === "vote") {
      container.append(el("p", {}, Workshop.t("De stemming is open over {count} ideeën.", { count: result.ideas.length })));
      // Hiding stays possible while the vote runs (an idea that names someone must go): the idea keeps its
      // place on the vote but reads [niet vrijgegeven] everywhere; a hidden text behind an idea is left out.
      const hide = (id) => el("button", { type: "button", class: "danger", "data-hide": id }, Workshop.t("Verbergen"));
      const ballot = el("ul", { class: "idea-admin", id: "ideas-ballot" });
      result.ideas.forEach((idea) => {
        const li = el("li", { class: "idea-admin-item", "data-idea": idea.id });
        li.append(el("span", { class: "idea-text" }, idea.text));
        if (!idea.hidden) li.append(hide(idea.id));
        if (idea.curated && idea.source_ids) {
          idea.sources.forEach((text, index) => {
            const source = el("span", { class: "muted idea-sources" }, Workshop.t("ingestuurd: {texts}", { texts: text }));
            source.append(" ", hide(idea.source_ids[index]));
            li.append(source);
          });
        }
        ballot.append(li);
      });
      ballot.addEventListener("click", (event) => {
        const button = event.target.closest("[data-hide]");
        if (button) send("moderate", { submission_id: Number(button.dataset.hide), action: "hide" });
      });
      container.append(ballot, el("p", { class: "hint" },
        Workshop.t("Verbergen kan ook nu: het idee houdt zijn plaats in de stemming en heet overal [niet vrijgegeven].")));
      const back = el("button", { type: "button", id: "ideas-collect" }, Workshop.t("Terug naar verzamelen"));
      back.addEventListener("click", () => act("ideas_phase", { phase: "collect" }));
      container.append(back, status);
      return;
    }
    const picked = chosen[question.id] = new Set([...(chosen[question.id] || [])].filter((id) => result.ideas.some((i) => i.id === id)));
    const list = el("ul", { class: "idea-admin" });
    const mergeText = el("textarea", { id: "ideas-merge-text", rows: 2, "aria-label": Workshop.t("Tekst van het samengevoegde idee") });
    const merge = el("button", { type: "button", id: "ideas-merge" }, Workshop.t("Samenvoegen"));
    const refresh = () => {
      merge.disabled = picked.size < 2;
      const first = result.ideas.find((i) => picked.has(i.id));
      if (first && !mergeText.dataset.touched) mergeText.value = first.text;
    };
    mergeText.addEventListener("input", () => { mergeText.dataset.touched = "1"; });
    result.ideas.forEach((idea) => {
      const li = el("li", { class: "idea-admin-item", "data-idea": idea.id });
      const id = `idea-${idea.id}`;
      const box = el("input", { type: "checkbox", id });
      box.checked = picked.has(idea.id);
      box.addEventListener("change", () => { if (box.checked) picked.add(idea.id); else picked.delete(idea.id); refresh(); });
      const text = el("label", { for: id }, idea.text);
      li.append(box, text);
      if (idea.sources.length > 1 || idea.sources[0] !== idea.text) {
        li.append(el("span", { class: "muted idea-sources" }, Workshop.t("ingestuurd: {texts}", { texts: idea.sources.join(" / ") })));
      }
      const edit = el("button", { type: "button", class: "idea-edit" }, Workshop.t("Aanpassen"));
      edit.addEventListener("click", () => {
        const editor = el("textarea", { rows: 2, "aria-label": Workshop.t("Tekst van het idee") });
        editor.value = idea.text;
        const save = el("button", { type: "button", class: "primary idea-save" }, Workshop.t("Opslaan"));
        save.addEventListener("click", () => act("ideas_merge", { ideas: [idea.id], text: editor.value }));
        edit.replaceWith(editor, save);
        editor.focus();
      });
      li.append(edit);
      if (idea.curated) {
        const undo = el("button", { type: "button", class: "idea-undo" }, Workshop.t("Ongedaan maken"));
        undo.addEventListener("click", () => act("ideas_undo", { idea: idea.id }));
        li.append(undo);
      } else {
        const hide = el("button", { type: "button", class: "danger" }, Workshop.t("Verbergen"));
        hide.addEventListener("click", () => send("moderate", { submission_id: idea.id, action: "hide" }));
        li.append(hide);
      }
      list.append(li);
    });
    merge.addEventListener("click", async () => {
      const ack = await act("ideas_merge", { ideas: [...picked], text: mergeText.value });
      if (ack.ok) { picked.clear(); delete mergeText.dataset.touched; }
    });
    const vote = el("button", { type: "button", class: "primary", id: "ideas-vote" }, Workshop.t("Stemming openen"));
    vote.addEventListener("click", () => act("ideas_phase", { phase: "vote" }));
    container.append(list, el("p", { class: "hint" }, Workshop.t("Vink dubbele ideeën aan om ze samen te voegen.")),
      mergeText, merge, vote, status);
    refresh();
  }

  Workshop.kinds.ideas = {
    board: (question) => !voting(question),
    rounds: false,  // not asked again in a round: the vote belongs to the list it was cast on
    form(question, answer, container, ctx) {
      if (voting(question)) {
        container.append(el("p", { class: "hint" }, Workshop.t("Stem op de ideeën van de groep.")));
        return Workshop.kinds[question.settings.vote].form(votedAs(question), answer, container, ctx);
      }
      drawCollect(container, question, ctx.entry, ctx);
      return null;
    },
    /* The phone redraws the form when the phase changes, and when an idea is hidden during the vote: its
       text must leave the screen at once (it reads [niet vrijgegeven]); the stored answer is drawn again. */
    formKey(question) {
      return JSON.stringify([question.settings.phase || null, (question.settings.voted_as || {}).hidden || []]);
    },
    update(container, question, entry, ctx) {
      if (voting(question)) return;
      if (container.dataset.drawnOpen !== String(entry.status === "open")) drawCollect(container, question, entry, ctx);
    },
    result(container, question, result) {
      if (result.phase === "vote") drawVotes(container, result); else drawList(container, result);
    },
    /* Split: a row per idea in the room's order; per group its dots per person, mean place or share. */
    split(container, question, groups) {
      const first = groups[0].result;
      if (first.phase !== "vote") { drawList(container, first); return; }
      const rows = first.ideas.map((idea) => ({ key: idea.id, label: idea.text }));
      const count = first.ideas.length;
      container.append(el("p", { class: "muted" }, { points: Workshop.t("Gemiddeld aantal stippen per deelnemer"),
        ranking: Workshop.t("Gemiddelde plaats per groep (1 = belangrijkst)"),
        choice: Workshop.t("Deel van de groep dat het idee koos") }[first.vote]));
      Workshop.matrix(container, groups, rows, (group, index, key) => {
        const idea = group.result.ideas.find((i) => i.id === key);
        if (!idea) return null;
        if (first.vote === "points") {
          return idea.mean === null ? null : Workshop.matrixBar((100 * idea.mean) / first.total, Workshop.formatNumber(idea.mean, 1), index);
        }
        if (first.vote === "ranking") {
          if (idea.mean_rank === null) return null;
          return Workshop.matrixBar(count > 1 ? (100 * (count - idea.mean_rank)) / (count - 1) : 100, Workshop.formatNumber(idea.mean_rank, 1), index);
        }
        return Workshop.matrixBar(idea.percent, `${Workshop.formatNumber(idea.percent, 0)}%`, index);
      });
    },
    admin,
  };
})();
