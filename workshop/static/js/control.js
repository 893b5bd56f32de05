/* The control view: slide navigation, question controls, the moderation queue and notes. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const el = Workshop.el;
  const live = Workshop.live;
  const send = live.send;
  let view = null;
  const openLabel = $("open-question").textContent;  // as the page wrote it, in the interface language

  function setText(id, text) { $(id).textContent = text; }

  function preview(index, target) {
    const node = $(target);
    node.replaceChildren();
    const template = document.querySelector(`#slides template[data-index="${index}"]`);
    if (template) node.append(template.content.cloneNode(true));
    else node.append(el("p", { class: "muted" }, Workshop.t("Einde van het deck")));
    return template;
  }

  // The kinds as the interface names them (the same Dutch names as views/present.py's KIND_NAMES).
  const KIND_NAMES = {
    choice: Workshop.t("Meerkeuze"), scale: Workshop.t("Schaal"), open: Workshop.t("Open vraag"),
    wordcloud: Workshop.t("Woordwolk"), statements: Workshop.t("Stellingen"), roles: Workshop.t("Wie zorgt voor wat"),
    ranking: Workshop.t("Rangorde"), points: Workshop.t("Punten verdelen"), qa: Workshop.t("Vragen uit de zaal"),
    grid: Workshop.t("Kwadrantenschema"), ideas: Workshop.t("Ideeën en stemmen"),
  };

  /* Speaker notes as paragraphs: a blank line in the deck starts a new one; a single line break is the deck
     file's wrapping, not the speaker's. */
  function drawNotes(text) {
    const node = $("notes");
    node.replaceChildren();
    (text || "").split(/\n\s*\n/).map((part) => part.trim().replace(/\s*\n\s*/g, " ")).filter(Boolean)
      .forEach((part) => node.append(el("p", {}, part)));
    if (!node.children.length) node.append(el("p", { class: "muted" }, Workshop.t("Geen notities bij deze dia.")));
  }

  function isBoard(question) { return question && ["statements", "qa"].includes(question.kind); }

  function boardAdmin(v) {
    const admin = $("board-admin");
    const items = isBoard(v.question) && v.result
      ? (v.question.kind === "qa" ? v.result.questions : v.result.statements) : [];
    // Redraw only when the list itself changed: a fresh vote count must not take away keyboard focus.
    const signature = JSON.stringify([v.question && v.question.id, v.focus,
      items.map((i) => [i.id, i.text, i.answered])]);
    if (admin.dataset.signature === signature) return;
    admin.dataset.signature = signature;
    const focused = admin.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    admin.replaceChildren();
    if (!items.length) return;
    const list = el("ul", { class: "board-admin-list" });
    items.forEach((item) => {
      const li = el("li", {});
      li.append(el("span", {}, item.text));
      const focus = el("button", { type: "button", "data-key": `${item.id}-focus`, "aria-pressed": String(v.focus === item.id) },
        v.focus === item.id ? Workshop.t("Uit focus") : Workshop.t("In focus"));
      focus.addEventListener("click", () => send("focus", { question_id: v.question.id,
        submission_id: v.focus === item.id ? null : item.id }));
      li.append(focus);
      if (v.question.kind === "qa") {
        const answered = el("button", { type: "button", "data-key": `${item.id}-answered` }, item.answered ? Workshop.t("Niet beantwoord") : Workshop.t("Beantwoord"));
        answered.addEventListener("click", () => send("answered", { submission_id: item.id, answered: !item.answered }));
        li.append(answered);
      }
      const hide = el("button", { type: "button", class: "danger", "data-key": `${item.id}-hide` }, Workshop.t("Verbergen"));
      hide.addEventListener("click", () => send("moderate", { submission_id: item.id, action: "hide" }));
      li.append(hide);
      list.append(li);
    });
    admin.append(list);
    const again = focused && admin.querySelector(`[data-key="${focused}"]`);
    if (again) again.focus();  // the button pressed keeps the keyboard focus after the redraw
  }

  /* A kind's own tools in the control view (ideas: merge, correct, open the vote), drawn by its script. */
  function kindAdmin(v) {
    const kind = Workshop.kinds[v.question.kind];
    const admin = $("kind-admin");
    if (kind && kind.admin) kind.admin(admin, v, send);
    else { admin.replaceChildren(); delete admin.dataset.signature; }
  }

  function update(v) {
    view = v;
    setText("slide-number", Workshop.t("dia {number} van {count}", { number: v.slide + 1, count: v.slides }));
    setText("participants", v.participants);
    const template = preview(v.slide, "current");
    preview(v.slide + 1, "next");
    drawNotes(template ? template.dataset.notes : "");
    $("question-controls").hidden = !v.question;
    const selfPaced = v.pacing === "self";
    $("pace").textContent = selfPaced ? Workshop.t("Iedereen weer laten volgen") : Workshop.t("Deelnemers zelf door de vragen laten gaan");
    $("pace").hidden = !selfPaced && !v.question;
    setText("pace-status", selfPaced ? Workshop.t("{finished} van {participants} klaar met {count} vragen", { finished: v.finished, participants: v.participants, count: v.block.length }) : "");
    if (v.question) {
      setText("question-status", live.statusText(v));
      setText("question-kind", KIND_NAMES[v.question.kind] || v.question.kind);
      setText("responses", v.responses);
      live.countdown($("countdown"), v.closes_in);
      // A slide that asks the question again (deck: 'again:') opens its planned round, even while the round
      // before is still open, but only when it is the next one: a skipped round is asked again first (the server
      // refuses too), so the button never starts another round than it names.
      const skipped = v.status !== "pending" && v.planned_round > v.round + 1;
      $("open-question").disabled = skipped || (v.status === "open" && !(v.planned_round > v.round));
      setText("open-question", v.planned_round > v.round ? Workshop.t("Ronde {round} openen", { round: v.planned_round }) : openLabel);
      setText("round-note", skipped ? Workshop.t("Deze dia vraagt ronde {planned}, maar de vraag is nog in ronde {round}. Vraag hem eerst opnieuw als ronde {next}; daarna opent deze dia ronde {planned}.",
        { planned: v.planned_round, round: v.round, next: v.round + 1 }) : "");
      $("round-note").hidden = !skipped;
      $("close-question").disabled = v.status !== "open";
      // Ask again (Delphi rounds, workshop/rounds.py): once the question has been opened, for the kinds the server
      // says have rounds (never a board, Q&A or ideas: their votes are on submitted texts of no round).
      $("ask-again").hidden = !v.may_ask_again || v.status === "pending" || v.round >= 5;
      setText("ask-again", Workshop.t("Opnieuw vragen — ronde {round}", { round: v.round + 1 }));
      setText("toggle-results", v.results_visible ? Workshop.t("Resultaten verbergen") : Workshop.t("Resultaten tonen"));
      $("toggle-share").hidden = v.status !== "closed";
      setText("toggle-share", v.share_results ? Workshop.t("Uitslag op telefoons verbergen") : Workshop.t("Uitslag op telefoons tonen"));
      $("split-row").hidden = !v.profile.length;
      const split = $("split");
      if (split.options.length !== v.profile.length + 1) {
        split.replaceChildren(el("option", { value: "" }, Workshop.t("niet uitsplitsen")),
          ...v.profile.map((p) => el("option", { value: p.id }, p.question)));
      }
      split.value = v.split ? v.split.by : "";
      $("sort-row").hidden = v.question.kind !== "statements";
      $("board-sort").value = v.board_sort || "board";
      $("add-form").hidden = v.question.kind !== "statements";
      live.drawResults($("control-results"), v);
      boardAdmin(v);
      kindAdmin(v);
    }
    $("prev").disabled = v.slide === 0;
    $("next-slide").disabled = v.slide >= v.slides - 1;
  }

  /* ---- moderation ---- */

  function highlighted(segments) {
    const p = el("p", { class: "queue-text" });
    segments.forEach((s) => p.append(s.flagged
      ? el("mark", { title: Workshop.t(s.reason) }, s.text) : document.createTextNode(s.text)));
    return p;
  }

  function drawQueue(moderation) {
    const queue = $("queue");
    queue.replaceChildren();
    setText("queue-count", moderation.queue.length);
    if (!moderation.queue.length) { queue.append(el("p", { class: "muted" }, Workshop.t("Niets te beoordelen."))); return; }
    moderation.queue.forEach((item) => {
      const card = el("article", { class: "queue-item" });
      card.append(el("p", { class: "muted" }, item.question));
      if (item.reasons.length) card.append(el("p", { class: "warning" }, item.reasons.map((reason) => Workshop.t(reason)).join(", ")));
      const texts = item.type === "submission" ? [{ text: item.text, segments: item.segments }] : item.texts;
      const editors = texts.map((t, index) => {
        card.append(highlighted(t.segments));
        const id = `edit-${item.type}-${item.id}-${index}`;
        const editor = el("textarea", { id, rows: 2, "aria-label": Workshop.t("Tekst aanpassen voor goedkeuren") });
        editor.value = t.text;
        editor.hidden = true;
        card.append(editor);
        return editor;
      });
      const buttons = el("div", { class: "actions" });
      const approve = el("button", { type: "button", class: "primary" }, Workshop.t("Goedkeuren"));
      const edit = el("button", { type: "button" }, Workshop.t("Aanpassen"));
      const hide = el("button", { type: "button", class: "danger", "data-key": `${item.id}-hide` }, Workshop.t("Verbergen"));
      const decide = (action) => {
        const edited = editors.some((e) => !e.hidden);
        if (item.type === "submission") {
          send("moderate", Object.assign({ submission_id: item.id, action }, edited ? { text: editors[0].value } : {}));
        } else {
          send("review", Object.assign({ response_id: item.id, action }, edited ? { value: editors.map((e) => e.value) } : {}));
        }
      };
      approve.addEventListener("click", () => decide("approve"));
      hide.addEventListener("click", () => decide("hide"));
      edit.addEventListener("click", () => { editors.forEach((e) => { e.hidden = false; }); editors[0].focus(); });
      buttons.append(approve, edit, hide);
      card.append(buttons);
      queue.append(card);
    });
  }

  /* ---- notes ---- */

  function addNote(note) {
    const item = el("li", {});
    // The note taker's default name is stored in Dutch (views/notes.py), like the exports show it.
    const author = note.author === "notulist" ? Workshop.t("notulist") : note.author;
    // outside the template literal, where pybabel's extractor would not find it
    const slide = Workshop.t("dia {number}", { number: note.slide + 1 });
    item.append(el("span", { class: "muted" }, `${note.created_at.slice(11, 16)} · ${slide} · ${author}: `),
      document.createTextNode(note.text));
    $("note-list").prepend(item);
  }

  live.onModeration = (moderation, notes) => {
    drawQueue(moderation);
    $("note-list").replaceChildren();
    (notes || []).forEach(addNote);
  };
  live.socket.on("moderation", drawQueue);
  live.socket.on("note", addNote);
  // The database refused a write (full disk, read-only file): answers and changes are not being stored.
  live.socket.on("storage", (event) => {
    const at = new Date(event.at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    setText("storage", Workshop.t("Opslaan mislukt ({time}): antwoorden en wijzigingen worden niet bewaard. Controleer de schijf van de server.", { time: at }));
    $("storage").hidden = false;
  });
  live.onView(update);

  $("prev").addEventListener("click", () => live.go(-1));
  $("next-slide").addEventListener("click", () => live.go(1));
  $("open-question").addEventListener("click", () => {
    const seconds = Number($("timer").value);
    send("open", Object.assign({ question_id: view.question.id }, seconds ? { seconds } : {}));
  });
  $("close-question").addEventListener("click", () => send("close", { question_id: view.question.id }));
  $("toggle-results").addEventListener("click",
    () => send("results", { question_id: view.question.id, visible: !view.results_visible }));
  $("toggle-share").addEventListener("click",
    () => send("share", { question_id: view.question.id, visible: !view.share_results }));
  $("ask-again").addEventListener("click", () => {
    const round = view.round + 1;
    if (window.confirm(Workshop.t("\"{question}\" opnieuw vragen als ronde {round}? De antwoorden van eerdere rondes blijven bewaard.", { question: view.question.text, round }))) {
      const seconds = Number($("timer").value);
      send("round", Object.assign({ question_id: view.question.id }, seconds ? { seconds } : {}));
    }
  });
  $("reset-question").addEventListener("click", () => {
    const asked = view.round > 1
      ? Workshop.t("Alle {count} antwoorden van ronde {round} op \"{question}\" wissen? Eerdere rondes blijven bewaard. Dit kan niet ongedaan worden gemaakt.", { count: view.responses, round: view.round, question: view.question.text })
      : Workshop.t("Alle {count} antwoorden op \"{question}\" wissen? Dit kan niet ongedaan worden gemaakt.", { count: view.responses, question: view.question.text });
    if (window.confirm(asked)) {
      send("reset", { question_id: view.question.id });
    }
  });
  $("split").addEventListener("change", (event) =>
    send("split", { question_id: view.question.id, by: event.target.value || null }));
  $("board-sort").addEventListener("change", (event) =>
    send("sort", { question_id: view.question.id, sort: event.target.value }));
  $("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await send("add", { question_id: view.question.id, text: $("add-text").value });
    if (ack.ok) $("add-text").value = "";
  });
  $("pace").addEventListener("click", () => send("pace", { mode: view.pacing === "self" ? "presenter" : "self" }));
  $("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("note-text").value;
    if (!text.trim()) return;
    const ack = await send("note", { text });
    if (ack.ok) $("note-text").value = "";
  });
})();
