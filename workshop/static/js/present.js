/* Projector and control views: follow a session over /facilitator (docs/protocol.md).
   This file draws the slides and results; control.js adds the control view's buttons, queue and notes. */
"use strict";
(function () {
  const body = document.body;
  const code = body.dataset.code;
  const role = body.dataset.role;  // "present" or "control"
  const $ = (id) => document.getElementById(id);
  const el = Workshop.el;
  const listeners = [];
  let view = null;
  let countdownTimer = null;

  // The deck's theme: colours and font scale as CSS variables on the stage (set from script: the CSP allows no
  // inline style attributes).
  const theme = JSON.parse(body.dataset.theme || "{}");
  const stage = $("stage");
  if (stage) {
    if (theme.accent) stage.style.setProperty("--accent", theme.accent);
    if (theme.background) stage.style.setProperty("--slide-bg", theme.background);
    if (theme.text) stage.style.setProperty("--slide-ink", theme.text);
    if (theme.font_scale) stage.style.setProperty("--font-scale", theme.font_scale);
  }

  const socket = io("/facilitator", { transports: ["websocket", "polling"], query: { code } });

  function setText(id, text) { const node = $(id); if (node) node.textContent = text; }

  function send(event, payload) {
    return new Promise((resolve) => {
      socket.emit(event, Object.assign({ code }, payload), (ack) => {
        if (!ack || !ack.ok) setText("error", (ack && ack.error) || Workshop.t("Mislukt"));
        else { setText("error", ""); if (ack.state) update(ack.state); }
        resolve(ack || { ok: false });
      });
    });
  }

  function go(delta) {
    if (!view) return;
    const target = view.slide + delta;
    if (target >= 0 && target < view.slides) send("goto", { slide: target });
  }

  function statusText(v) {
    if (v.pacing === "self" && v.block.includes(v.question.id)) return Workshop.t("Zelfstandig tempo · {finished} klaar", { finished: v.finished });
    if (v.status === "open") return Workshop.t("Stem nu op je telefoon");
    if (v.status === "closed") return Workshop.t("Gesloten");
    return Workshop.t("Nog niet geopend");
  }

  /* A split result is the same data for every screen in the room, so what the server adds to the deck's own
     words comes in Dutch: the labels "Overig", "Onbekend" and "Zeg ik liever niet", and the note's template.
     Workshop.label translates them (a list of labels is shown joined). */
  const splitText = Workshop.label;

  /* The note under a split, from its template and values (docs/protocol.md). */
  function splitNote(split) {
    const values = {};
    for (const [name, value] of Object.entries(split.note_values || {})) values[name] = splitText(value);
    return Workshop.fill(splitText(split.note_template), values);
  }

  /* A result, or one per group when split: each group under its own heading with its size. */
  function drawResults(container, v) {
    container.replaceChildren();
    const kind = Workshop.kinds[v.question.kind];
    if (!kind || !v.result) return;
    const split = v.split;
    if (!split) { kind.result(container, v.question, v.result, v); return; }
    container.append(el("p", { class: "split-title" }, Workshop.t("Uitgesplitst naar: {question}", { question: split.question })));
    const groups = el("div", { class: "split-groups" });
    split.groups.forEach((group) => {
      const part = el("section", { class: "split-group" });
      part.append(el("h3", {}, `${splitText(group.label)} (n = ${group.n})`));
      kind.result(part, v.question, group.result, Object.assign({}, v, { split: null }));
      groups.append(part);
    });
    container.append(groups);
    // a kind may show its own comparison of the groups (statement boards: where they agree and differ)
    if (split.comparison && kind.comparison) kind.comparison(container, v.question, split.comparison);
    if (split.note) container.append(el("p", { class: "muted split-note" }, splitNote(split)));
  }

  function countdown(node, seconds) {
    clearInterval(countdownTimer);
    if (!node) return;
    if (seconds === null || seconds === undefined) { node.hidden = true; return; }
    const ends = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      node.hidden = false;
      node.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (!left) clearInterval(countdownTimer);
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
  }

  function updateProjector(v) {
    for (const slide of document.querySelectorAll(".slide")) {
      const active = Number(slide.dataset.index) === v.slide;
      slide.hidden = !active;
      if (!active || !v.question) continue;
      const answers = v.responses === 1 ? Workshop.t("{count} antwoord", { count: v.responses })
        : Workshop.t("{count} antwoorden", { count: v.responses });
      slide.querySelector(".slide-status").textContent = `${statusText(v)} · ${answers}`;
      countdown(slide.querySelector(".slide-countdown"), v.closes_in);
      const results = slide.querySelector(".results");
      if (v.results_visible) drawResults(results, v); else results.replaceChildren();
    }
  }

  function update(v) {
    if (!v || v.code !== code) return;
    view = v;
    setText("connected", v.connected);
    if (role === "present") updateProjector(v);
    listeners.forEach((listener) => listener(v));
  }

  socket.on("connect", () => {
    setText("connection", "");
    socket.emit("watch", { code, role }, (ack) => {
      if (!ack || !ack.ok) { setText("connection", (ack && ack.error) || Workshop.t("geen toegang")); return; }
      update(ack.state);
      if (ack.moderation) Workshop.live.onModeration(ack.moderation, ack.notes);
    });
  });
  socket.on("connect_error", (err) => setText("connection", Workshop.t("geen verbinding: {error}", { error: err.message })));
  socket.on("disconnect", () => setText("connection", Workshop.t("verbinding verbroken – opnieuw verbinden…")));
  socket.on("state", update);
  socket.on("results", update);

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, button") && event.key !== "Escape") return;
    if (["ArrowRight", "PageDown", " "].includes(event.key)) { event.preventDefault(); go(1); }
    if (["ArrowLeft", "PageUp"].includes(event.key)) { event.preventDefault(); go(-1); }
    if (!view || !view.question) return;
    const id = view.question.id;
    if (event.key === "o") send(view.status === "open" ? "close" : "open", { question_id: id });
    if (event.key === "r") send("results", { question_id: id, visible: !view.results_visible });
    if (event.key === "q" && role === "present") $("join-banner").hidden = !$("join-banner").hidden;
  });

  Workshop.live = {
    socket, send, go, statusText, drawResults, countdown,
    view: () => view,
    onView: (listener) => listeners.push(listener),
    onModeration: () => {},
  };
})();
