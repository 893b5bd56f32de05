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
    const round = v.round > 1 ? `${Workshop.t("Ronde {round}", { round: v.round })} · ` : "";
    if (v.pacing === "self" && v.block.includes(v.question.id)) return round + Workshop.t("Zelfstandig tempo · {finished} klaar", { finished: v.finished });
    if (v.status === "open") return round + Workshop.t("Stem nu op je telefoon");
    if (v.status === "closed") return round + Workshop.t("Gesloten");
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

  /* A result, or one per group when split: a kind's own table of the groups side by side (kind.split), else
     each group under its own heading with its size and colour. */
  function drawResults(container, v) {
    container.replaceChildren();
    const kind = Workshop.kinds[v.question.kind];
    if (!kind || !v.result) return;
    const split = v.split;
    if (v.result.withheld) {  // fewer than k people answered: no result leaves the server (docs/privacy.md)
      container.append(el("p", { class: "muted withheld" }, Workshop.t("Minder dan {k} antwoorden: de uitslag wordt nog niet getoond.", { k: v.result.k })));
      return;
    }
    if (!split && v.rounds) { Workshop.rounds(container, v.question, v.rounds); return; }  // round 2 beside round 1
    if (!split) {
      kind.result(container, v.question, v.result, v);
      // a kind whose rounds are not compared (texts, words): this round's answers only, and it says so
      if (v.round > 1) container.append(el("p", { class: "muted rounds-caption" }, Workshop.t("Alleen ronde {round}; eerdere rondes staan in de export.", { round: v.round })));
      return;
    }
    container.append(el("p", { class: "split-title" }, Workshop.t("Uitgesplitst naar: {question}", { question: split.question })));
    if (kind.split && split.groups.length) {
      kind.split(container, v.question, split.groups, Object.assign({}, v, { split: null }));
    } else {
      const groups = el("div", { class: "split-groups" });
      groups.style.setProperty("--group-cols", String(Math.min(2, Math.max(1, split.groups.length))));
      const bodies = split.groups.map((group, index) => {
        const part = el("section", { class: "split-group" });
        const heading = el("h3", { class: "split-group-name" });
        heading.append(el("span", { class: `swatch group-${index}`, "aria-hidden": "true" }),
          `${splitText(group.label)} (n = ${group.n})`);
        const body = el("div", { class: "split-body", "data-group": String(index) });
        part.append(heading, body);
        groups.append(part);
        return body;
      });
      container.append(groups);
      splitFooter(container, kind, v);
      // Drawn once the page holds every part: a word cloud measures the room its group gets.
      split.groups.forEach((group, index) => kind.result(bodies[index], v.question, group.result, Object.assign({}, v, { split: null })));
      return;
    }
    splitFooter(container, kind, v);
  }

  function splitFooter(container, kind, v) {
    // a kind may show its own comparison of the groups (statement boards: where they agree and differ)
    if (v.split.comparison && kind.comparison) kind.comparison(container, v.question, v.split.comparison);
    if (v.split.note) container.append(el("p", { class: "muted split-note" }, splitNote(v.split)));
  }

  /* ---- fitting a result to the projector ----
     The smallest text on the projector is 1/45 of the screen height (24 px at 1080, 16 px at 720;
     docs/accessibility.md). A result is first drawn at the stage's size; while it does not fit, its type (and the
     question title with it) shrinks step by step, at each size trying the columns its lists allow; at the floor,
     the lists the kinds marked (Workshop.fitList) are shortened evenly, each saying "en N meer". Nothing is cut
     off without saying so. */
  const FLOOR = 1 / 45;
  Workshop.textFloor = () => (role === "present" ? Math.round(window.innerHeight * FLOOR * 10) / 10 : 14);

  const itemsOf = (list) => [...list.querySelectorAll(":scope > .fit-item, :scope > tbody > .fit-item")];
  const moreOf = (list) => list.parentElement && list.parentElement.querySelector(`:scope > [data-more-of="${list.dataset.list}"]`);

  function showFirst(lists, count) {
    lists.forEach((list) => {
      const items = itemsOf(list);
      const fromStart = list.dataset.trim === "start";
      items.forEach((item, i) => { item.hidden = fromStart ? i < items.length - count : i >= count; });
      const more = moreOf(list);
      if (more) Workshop.setMore(more, Math.max(0, items.length - count));
    });
  }

  function fit(slide) {
    const results = slide.querySelector(".results");
    fitSizes(slide);
    // A count that does not fit its part of a bar is left out there (the bar's label has every count), never cut.
    if (results) {
      const words = document.createRange();
      for (const part of results.querySelectorAll(".stack-part")) {
        words.selectNodeContents(part);
        if (part.textContent && words.getBoundingClientRect().width + 4 > part.clientWidth) part.textContent = "";
      }
    }
  }

  /* A slide without results (a title, a statement, text): its words shrink to fit what the banner leaves. */
  function fitBody(slide, body) {
    body.style.fontSize = "";
    const base = parseFloat(getComputedStyle(body).fontSize);
    const fits = () => {
      const [inner, outer] = [body.getBoundingClientRect(), slide.getBoundingClientRect()];
      return inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1 && body.scrollWidth <= body.clientWidth + 1;
    };
    for (let scale = 0.9; !fits() && base * scale >= Workshop.textFloor(); scale *= 0.9) {
      body.style.fontSize = `${base * scale}px`;
    }
  }

  function fitSizes(slide) {
    const results = slide.querySelector(".results");
    const body = slide.querySelector(".slide-body");
    if (!results && body && stage) { fitBody(slide, body); return; }
    if (!results || !stage) return;
    body.style.fontSize = "";
    results.style.fontSize = "";
    stage.style.setProperty("--floor", `${Workshop.textFloor()}px`);
    if (results.querySelector(".wordcloud")) return;  // a cloud places its words in the room it has
    const lists = [...results.querySelectorAll("[data-total]")];
    results.style.setProperty("--cols", "1");
    showFirst(lists, Infinity);
    if (!results.children.length) return;
    const base = parseFloat(getComputedStyle(stage).fontSize);
    const floor = Workshop.textFloor();
    stage.style.setProperty("--floor", `${floor}px`);
    const fits = () => results.scrollHeight <= results.clientHeight + 1 && results.scrollWidth <= results.clientWidth + 1;
    const columns = Math.max(1, ...lists.map((list) => Number(list.dataset.columns || 1)));
    for (let scale = 1; ; scale *= 0.9) {
      const size = Math.max(floor, base * scale);
      body.style.fontSize = `${size}px`;
      results.style.fontSize = `${size}px`;
      for (let cols = 1; cols <= columns; cols++) {
        results.style.setProperty("--cols", String(cols));
        if (fits()) return;
      }
      if (size === floor) break;
    }
    if (!lists.length) return;
    // At the floor with the most columns: the largest number of items per list that fits.
    let low = 0, high = Math.max(...lists.map((list) => itemsOf(list).length));
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      showFirst(lists, middle);
      if (fits()) low = middle; else high = middle - 1;
    }
    showFirst(lists, Math.max(1, low));
  }

  function refit() {
    const slide = document.querySelector(".slide:not([hidden])");
    if (slide) fit(slide);
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
      if (active && !v.question) fit(slide);
      if (!active || !v.question) continue;
      const answers = v.responses === 1 ? Workshop.t("{count} antwoord", { count: v.responses })
        : Workshop.t("{count} antwoorden", { count: v.responses });
      slide.querySelector(".slide-status").textContent = `${statusText(v)} · ${answers}`;
      countdown(slide.querySelector(".slide-countdown"), v.closes_in);
      const results = slide.querySelector(".results");
      stage.style.setProperty("--floor", `${Workshop.textFloor()}px`);  // before drawing: a cloud measures with it
      if (v.results_visible) drawResults(results, v); else results.replaceChildren();
      fit(slide);
    }
    joinBanner(v);
  }

  /* The join banner: large (QR code over a third of the screen height) while people join, before the first
     question, or when `j` asks for it; slim otherwise; `q` hides it and the slide takes the room back. */
  let bannerLarge = null;  // null: by the slide; true/false: as the facilitator chose with `j`
  const firstQuestion = Math.min(...[...document.querySelectorAll(".slide[data-question-id]")]
    .map((slide) => Number(slide.dataset.index)), Infinity);
  function joinBanner(v) {
    const banner = $("join-banner");
    if (!banner || !v) return;
    const large = bannerLarge === null ? v.slide < firstQuestion && !v.question : bannerLarge;
    if (banner.classList.contains("large") !== large) {
      banner.classList.toggle("large", large);
      refit();
    }
  }

  window.addEventListener("resize", () => {
    if (role !== "present") return;
    // Drawn again, not only fitted: a word cloud places its words for the room it has.
    if (view) updateProjector(view);
  });

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
  // The session was no longer shared with this account (or its study no longer): stop following it.
  socket.on("access_ended", (event) => {
    if (!event || event.code !== code) return;
    socket.disconnect();
    setText("connection", Workshop.t("Je hebt geen toegang meer tot deze sessie."));
  });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, button") && event.key !== "Escape") return;
    if (["ArrowRight", "PageDown", " "].includes(event.key)) { event.preventDefault(); go(1); }
    if (["ArrowLeft", "PageUp"].includes(event.key)) { event.preventDefault(); go(-1); }
    if (role === "present" && event.key === "q") { $("join-banner").hidden = !$("join-banner").hidden; refit(); }
    if (role === "present" && event.key === "j" && view) {
      bannerLarge = !$("join-banner").classList.contains("large");
      $("join-banner").hidden = false;
      joinBanner(view);
    }
    if (!view || !view.question) return;
    const id = view.question.id;
    if (event.key === "o") send(view.status === "open" ? "close" : "open", { question_id: id });
    if (event.key === "r") send("results", { question_id: id, visible: !view.results_visible });
  });

  Workshop.live = {
    socket, send, go, statusText, drawResults, countdown,
    view: () => view,
    onView: (listener) => listeners.push(listener),
    onModeration: () => {},
  };
})();
