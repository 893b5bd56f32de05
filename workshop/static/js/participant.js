/* The phone page: follows the facilitator, shows the open question, sends answers (docs/protocol.md). */
"use strict";
(function () {
  const code = document.body.dataset.code;
  const $ = (id) => document.getElementById(id);
  const answers = {};      // question id -> this device's committed answer
  let current = null;      // question shown now
  let readValue = null;    // reads the form of the current question

  function deviceToken() {
    let token = null;
    try { token = localStorage.getItem("workshop-token"); } catch (e) { /* private mode */ }
    if (!token || !/^[0-9a-f]{32}$/.test(token)) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try { localStorage.setItem("workshop-token", token); } catch (e) { /* kept for this page only */ }
    }
    return token;
  }

  function setConnection(state, text) {
    const node = $("connection");
    node.dataset.state = state;
    node.textContent = text;
  }

  function message(id, text) {
    const node = $(id);
    node.textContent = text || "";
    node.hidden = !text;
  }

  function render(state) {
    const question = state.question;
    if (!question) {
      current = null;
      $("question").hidden = true;
      $("waiting").hidden = false;
      return;
    }
    $("waiting").hidden = true;
    $("question").hidden = false;
    if (!current || current.id !== question.id) {
      current = question;
      $("question-text").textContent = question.text;
      const fields = $("answer-fields");
      fields.replaceChildren();
      const kind = Workshop.kinds[question.kind];
      readValue = kind ? kind.form(question, answers[question.id], fields) : null;
      message("error", kind ? "" : "Deze vraagsoort kan deze pagina nog niet tonen.");
      message("confirm", answers[question.id] !== undefined ? "Je antwoord is opgeslagen." : "");
    }
    const open = state.status === "open";
    for (const input of $("answer-form").querySelectorAll("input, textarea, button")) input.disabled = !open;
    $("closed").hidden = open;
    $("closed").textContent = state.status === "closed" ? "Deze vraag is gesloten." : "De vraag is nog niet geopend.";
  }

  const socket = io("/participant", { transports: ["websocket", "polling"] });

  socket.on("connect", () => {
    setConnection("connected", "verbonden");
    socket.emit("join", { code, token: deviceToken() }, (ack) => {
      if (!ack || !ack.ok) {
        setConnection("error", (ack && ack.error) || "meedoen lukt niet");
        return;
      }
      Object.assign(answers, ack.answers);
      current = null;  // redraw with the answers as stored
      render(ack.state);
    });
  });
  socket.on("disconnect", () => setConnection("offline", "geen verbinding – we proberen het opnieuw"));
  socket.io.on("reconnect_attempt", () => setConnection("connecting", "opnieuw verbinden…"));
  socket.on("state", render);

  $("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!current || !readValue) return;
    const read = readValue();
    if (read.error) { message("error", read.error); return; }
    message("error", "");
    message("confirm", socket.connected ? "Versturen…" : "Wordt verstuurd zodra er weer verbinding is…");
    const questionId = current.id;
    socket.timeout(15000).emit("respond", { question_id: questionId, value: read.value }, (err, ack) => {
      if (err) { message("confirm", ""); message("error", "Geen bevestiging ontvangen. Probeer het nog eens."); return; }
      if (!ack.ok) { message("confirm", ""); message("error", ack.error); return; }
      answers[questionId] = ack.value;
      if (current && current.id === questionId) {
        message("confirm", "Je antwoord is opgeslagen. Je kunt het wijzigen zolang de vraag openstaat.");
      }
    });
  });
})();
