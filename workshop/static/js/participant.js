/* The phone page: consent and profile, then it follows the facilitator (or a self-paced block), shows the
   open question, and sends answers through an outbox that survives a lost connection (docs/protocol.md). */
"use strict";
(function () {
  const code = document.body.dataset.code;
  const $ = (id) => document.getElementById(id);
  const el = Workshop.el;
  const answers = {};       // question id -> this device's committed answer (in the question's current round)
  const earlier = {};       // question id -> {round, value}: this device's answer of the round before
  const votes = {};         // submission id -> this device's vote
  const mine = [];          // this device's own statements / questions
  let state = null;         // the last state from the server
  let entries = [];         // the questions this phone can show now (one, or a self-paced block)
  let position = 0;         // which of them is shown
  let shown = null;         // question id drawn in the form now
  let shownPhase = null;    // and its phase (an ideas question turns from collecting into a vote; kind.formKey)
  let readValue = null;     // reads the form of the shown question
  let joined = false;
  let countdownTimer = null;

  // Answers not yet acknowledged, kept across reloads: question id -> {answer_id, value, round}.
  const outboxKey = `workshop-outbox-${code}`;
  const outbox = load(outboxKey, {});

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
  }

  function randomHex(bytes) {
    const data = new Uint8Array(bytes);
    crypto.getRandomValues(data);
    return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function deviceToken() {
    let token = null;
    try { token = localStorage.getItem("workshop-token"); } catch (e) { /* private mode */ }
    if (!token || !/^[0-9a-f]{32}$/.test(token)) {
      token = randomHex(16);
      try { localStorage.setItem("workshop-token", token); } catch (e) { /* kept for this page only */ }
    }
    return token;
  }

  function setConnection(kind, text) {
    const node = $("connection");
    node.dataset.state = kind;
    node.textContent = text;
  }

  function message(id, text) {
    const node = $(id);
    node.textContent = text || "";
    node.hidden = !text;
  }

  function send(event, payload) {
    return new Promise((resolve) => {
      if (!socket.connected || !joined) { resolve({ ok: false, error: Workshop.t("Geen verbinding. Probeer het zo opnieuw.") }); return; }
      socket.timeout(15000).emit(event, payload, (err, ack) => {
        resolve(err ? { ok: false, error: Workshop.t("Geen bevestiging ontvangen. Probeer het nog eens.") } : ack);
      });
    });
  }

  /* ---- consent and profile ---- */

  function showIntro(session, needs) {
    const intro = $("intro");
    intro.hidden = !needs.length;
    if (!needs.length) return;
    $("waiting").hidden = true;
    $("question").hidden = true;
    $("consent-block").hidden = !needs.includes("consent");
    $("consent-text").textContent = session.consent || "";
    $("profile-block").hidden = !needs.includes("profile");
    const fields = $("profile-fields");
    fields.replaceChildren();
    (session.profile || []).forEach((question) => {
      const fieldset = el("fieldset", { class: "options" });
      fieldset.append(el("legend", {}, question.question));
      question.options.forEach((label, index) => {
        const id = `profile-${question.id}-${index}`;
        const input = el("input", { type: "radio", name: `profile-${question.id}`, id, value: index });
        const wrap = el("label", { class: "option", for: id });
        wrap.append(input, el("span", {}, Workshop.label(label)));
        fieldset.append(wrap);
      });
      fields.append(fieldset);
    });
    intro.dataset.profile = JSON.stringify((session.profile || []).map((q) => q.id));
  }

  $("intro-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const ids = JSON.parse($("intro").dataset.profile || "[]");
    const answersGiven = {};
    for (const id of ids) {
      const picked = document.querySelector(`input[name="profile-${id}"]:checked`);
      if (picked) answersGiven[id] = Number(picked.value);
    }
    const ack = await send("profile", { answers: answersGiven, consent: $("consent").checked });
    if (!ack.ok) { message("intro-error", ack.error); return; }
    message("intro-error", "");
    $("intro").hidden = true;
    render(state);
  });

  /* ---- questions ---- */

  function boardContext(entry) {
    return {
      entry, votes, mine, send,
      error: (text) => message("error", text),
      confirm: (text) => message("confirm", text),
    };
  }

  /* Whether a kind is a board (texts and votes of its own, no submit button); a kind may say so per question. */
  function isBoard(kind, question) {
    return Boolean(kind && (typeof kind.board === "function" ? kind.board(question) : kind.board));
  }

  function drawQuestion(entry) {
    const question = entry.question;
    const kind = Workshop.kinds[question.kind];
    const board = isBoard(kind, question);
    // a kind whose form changes while the question runs says when with formKey (ideas: phase, hidden ideas)
    const phase = kind && kind.formKey ? kind.formKey(question) : (question.settings.phase || null);
    if (shown !== question.id || shownPhase !== phase) {
      shown = question.id;
      shownPhase = phase;
      $("question-text").textContent = question.text;
      showRound(entry);
      const fields = $("answer-fields");
      fields.replaceChildren();
      message("error", kind ? "" : Workshop.t("Deze vraagsoort kan deze pagina nog niet tonen."));
      message("confirm", outbox[question.id] ? Workshop.t("Wordt verstuurd zodra er weer verbinding is…")
        : answers[question.id] !== undefined ? Workshop.t("Je antwoord is opgeslagen.") : "");
      readValue = kind ? kind.form(question, outbox[question.id] ? outbox[question.id].value : answers[question.id],
        fields, boardContext(entry)) : null;
      $("submit").hidden = board;
    } else if (kind && kind.update) {
      kind.update($("answer-fields"), question, entry, boardContext(entry));
    }
    const open = entry.status === "open";
    if (!board) {
      // data-locked: a control the form itself keeps disabled (ideas: no dots for an idea hidden in the vote)
      for (const input of $("answer-form").querySelectorAll("input, textarea, button")) input.disabled = !open || input.dataset.locked === "1";
    }
    $("closed").hidden = open;
    $("closed").textContent = entry.status === "closed" ? Workshop.t("Deze vraag is gesloten.") : Workshop.t("De vraag is nog niet geopend.");
    if (entry.status === "closed") {
      // Only what is true now: the answer is stored, but no longer "yours to change while it is open"; a form's
      // complaint no longer matters.
      message("confirm", answers[question.id] !== undefined && !board ? Workshop.t("Je antwoord is opgeslagen.") : "");
      message("error", "");
    }
    const results = $("shared-results");
    results.replaceChildren();
    results.hidden = !entry.result;
    if (entry.result && kind) {
      results.append(el("h3", {}, Workshop.t("Uitslag")));
      if (entry.result.withheld) {
        results.append(el("p", { class: "muted" }, Workshop.t("Minder dan {k} antwoorden: de uitslag wordt nog niet getoond.", { k: entry.result.k })));
      } else if (entry.rounds) {  // a question asked again: this round beside the round before
        Workshop.rounds(results, question, entry.rounds);
      } else {
        kind.result(results, question, entry.result, {});
      }
      // Shared results come first, right under the question, so they are in view without scrolling.
      $("question-text").after(results);
    } else {
      $("closed").after(results);
    }
    startCountdown(entry.closes_in);
  }

  /* A question asked again: "Ronde 2" above it, and this device's own answer of the round before beside the
     empty form (Delphi practice: people see where they stood before they answer again). */
  function showRound(entry) {
    const round = entry.round || 1;
    const label = $("round-label");
    label.hidden = round < 2;
    label.textContent = Workshop.t("Ronde {round}", { round });
    const before = earlier[entry.question.id];
    const kind = Workshop.kinds[entry.question.kind];
    const text = round > 1 && before && kind && kind.summary ? kind.summary(entry.question, before.value) : "";
    const node = $("earlier-answer");
    node.hidden = !text;
    node.textContent = text ? Workshop.t("Jouw antwoord in ronde {round}: {answer}", { round: before.round, answer: text }) : "";
  }

  function startCountdown(seconds) {
    clearInterval(countdownTimer);
    const node = $("countdown");
    if (seconds === null || seconds === undefined) { node.hidden = true; return; }
    const ends = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      node.hidden = false;
      node.textContent = Workshop.t("Nog {time}", { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` });
      if (!left) clearInterval(countdownTimer);
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
  }

  function render(next) {
    if (!next) return;
    state = next;
    dropStale(next);
    if (!$("intro").hidden) return;
    entries = next.mode === "self" ? next.questions : next.question ? [next] : [];
    const nav = $("self-paced-nav");
    nav.hidden = next.mode !== "self";
    if (!entries.length) {
      shown = null;
      clearInterval(countdownTimer);
      $("question").hidden = true;
      $("waiting").hidden = false;
      return;
    }
    if (next.mode !== "self") position = 0;
    position = Math.min(position, entries.length - 1);
    $("waiting").hidden = true;
    $("question").hidden = false;
    const progress = $("progress");
    progress.hidden = next.mode !== "self";
    const done = entries.filter((e) => answers[e.question.id] !== undefined).length;
    progress.textContent = Workshop.t("Vraag {number} van {count} · {done} beantwoord", { number: position + 1, count: entries.length, done });
    $("previous-question").disabled = position === 0;
    $("next-question").textContent = position === entries.length - 1 ? Workshop.t("Klaar") : Workshop.t("Volgende vraag ▶");
    drawQuestion(entries[position]);
  }

  $("previous-question").addEventListener("click", () => { position -= 1; render(state); });
  $("next-question").addEventListener("click", () => {
    if (position < entries.length - 1) { position += 1; render(state); }
    else message("confirm", Workshop.t("Je bent aan het einde van dit blok. Je kunt terug om antwoorden te wijzigen."));
  });

  /* ---- answers: the outbox ---- */

  // The round each question the state shows is in now (a state names only the questions it shows).
  function roundsIn(next) {
    const shownNow = !next ? [] : next.mode === "self" ? next.questions : next.question ? [next] : [];
    return Object.fromEntries(shownNow.map((e) => [e.question.id, e.round || 1]));
  }

  // An answer waiting for a round that is over (the phone was offline when the question was asked again) never
  // goes out: the server would refuse it, and its form would show the old answer as the new round's.
  function dropStale(next) {
    const current = roundsIn(next);
    const stale = Object.keys(outbox).filter((id) => id in current && (outbox[id].round || 1) < current[id]);
    stale.forEach((id) => delete outbox[id]);
    if (stale.length) save(outboxKey, outbox);
  }

  function flushOutbox() {
    for (const [questionId, item] of Object.entries(outbox)) deliver(questionId, item);
  }

  function deliver(questionId, item) {
    if (!socket.connected || !joined) return;
    const payload = { question_id: questionId, value: item.value, answer_id: item.answer_id };
    if (item.round) payload.round = item.round;  // refused, not counted, once the question moved to a later round
    socket.timeout(15000).emit("respond", payload,
      (err, ack) => {
        if (err) return;  // no ack: it stays in the outbox and goes again after the next (re)join
        if (ack.retry) {  // the server could not store it: it stays in the outbox and goes again shortly
          setTimeout(() => { if (outbox[questionId] && outbox[questionId].answer_id === item.answer_id) deliver(questionId, item); }, 10000);
          if (shown === questionId) { message("confirm", ""); message("error", ack.error); }
          return;
        }
        if (outbox[questionId] && outbox[questionId].answer_id === item.answer_id) {
          delete outbox[questionId];
          save(outboxKey, outbox);
        }
        // Sent for a round that is over by now: never this round's answer, nor its refusal this round's error.
        const now = roundsIn(state)[questionId];
        const sentFor = item.round || 1;
        if (now && sentFor < now) {
          if (ack.ok && !(earlier[questionId] && earlier[questionId].round > sentFor)) {
            earlier[questionId] = { round: sentFor, value: ack.value };
            if (shown === questionId) { shown = null; render(state); }  // shown beside the empty form
          }
          return;
        }
        if (shown !== questionId) return;
        if (!ack.ok) { message("confirm", ""); message("error", ack.error); return; }
        answers[questionId] = ack.value;
        message("error", "");
        message("confirm", ack.held
          ? Workshop.t("Opgeslagen. Je antwoord wordt eerst bekeken door de begeleider ({reasons}).",
            { reasons: ack.held.map((reason) => Workshop.t(reason)).join(", ") })
          : Workshop.t("Je antwoord is opgeslagen. Je kunt het wijzigen zolang de vraag openstaat."));
        if (state && state.mode === "self") render(state);
      });
  }

  // A form that was refused says so until it is fixed, and no longer: checked again on every change.
  function recheck() {
    if ($("error").hidden || !readValue) return;
    const read = readValue();
    message("error", read.error || "");
  }
  for (const type of ["input", "change", "click"]) $("answer-form").addEventListener(type, recheck);

  $("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!shown || !readValue) return;
    const read = readValue();
    if (read.error) { message("error", read.error); return; }
    message("error", "");
    const entry = entries.find((e) => e.question.id === shown);
    const item = { answer_id: randomHex(8), value: read.value, round: (entry && entry.round) || 1 };
    outbox[shown] = item;
    save(outboxKey, outbox);
    message("confirm", socket.connected && joined ? Workshop.t("Versturen…") : Workshop.t("Wordt verstuurd zodra er weer verbinding is…"));
    deliver(shown, item);
  });

  /* ---- the connection ---- */

  // The code in the query lets a proxy send a whole session to one server (docs/scaling.md).
  const socket = io("/participant", { transports: ["websocket", "polling"], query: { code } });

  socket.on("connect", () => {
    setConnection("connected", "verbonden");
    socket.emit("join", { code, token: deviceToken(), language: document.documentElement.lang }, (ack) => {
      if (!ack || !ack.ok) { setConnection("error", (ack && ack.error) || Workshop.t("meedoen lukt niet")); return; }
      joined = true;
      Object.keys(answers).forEach((id) => { if (!(id in ack.answers)) delete answers[id]; });
      Object.assign(answers, ack.answers);
      Object.assign(earlier, ack.earlier || {});
      Object.assign(votes, ack.votes);
      mine.splice(0, mine.length, ...ack.submissions);
      shown = null;  // redraw with the answers as stored
      showIntro(ack.session, ack.needs);
      render(ack.state);
      flushOutbox();
    });
  });
  socket.on("disconnect", () => {
    joined = false;
    setConnection("offline", Workshop.t("geen verbinding – je antwoorden worden bewaard en straks verstuurd"));
  });
  // Without a network the phone keeps saying so (and that answers wait), rather than "reconnecting" each try.
  socket.io.on("reconnect_attempt", () => {
    if (navigator.onLine !== false) setConnection("connecting", Workshop.t("opnieuw verbinden…"));
  });
  socket.on("state", render);
  // The facilitator ended (or reopened) the session: the join page shows the closing screen (or the session).
  socket.on("ended", () => window.location.reload());
  socket.on("reopened", () => window.location.reload());
  // The facilitator asks a question again: this device's answer becomes the earlier round's, the form empties,
  // and an answer still waiting for the old round is dropped (the server would refuse it).
  socket.on("round", (data) => {
    const id = data.question_id;
    if (answers[id] !== undefined) earlier[id] = { round: data.round - 1, value: answers[id] };
    delete answers[id];
    if (outbox[id] && (outbox[id].round || 1) < data.round) { delete outbox[id]; save(outboxKey, outbox); }
    if (shown === id) shown = null;  // the state that follows draws it again, empty
  });
  socket.on("reset", (data) => {
    delete answers[data.question_id];
    if (shown === data.question_id) { shown = null; render(state); }
  });
})();
