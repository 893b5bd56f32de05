/* Projector and control views: follow a session over /facilitator and drive it (docs/protocol.md). */
"use strict";
(function () {
  const body = document.body;
  const code = body.dataset.code;
  const role = body.dataset.role;  // "present" or "control"
  const $ = (id) => document.getElementById(id);
  const el = Workshop.el;
  let view = null;

  const socket = io("/facilitator", { transports: ["websocket", "polling"] });

  function setText(id, text) { const node = $(id); if (node) node.textContent = text; }

  function send(event, payload) {
    socket.emit(event, Object.assign({ code }, payload), (ack) => {
      if (!ack || !ack.ok) { setText("error", (ack && ack.error) || "Mislukt"); return; }
      setText("error", "");
      update(ack.state);
    });
  }

  function go(delta) {
    if (!view) return;
    const target = view.slide + delta;
    if (target >= 0 && target < view.slides) send("goto", { slide: target });
  }

  function statusText(v) {
    if (v.status === "open") return "Stem nu op je telefoon";
    if (v.status === "closed") return "Gesloten";
    return "Nog niet geopend";
  }

  function drawResults(container, v) {
    container.replaceChildren();
    const kind = Workshop.kinds[v.question.kind];
    if (kind && v.result) kind.result(container, v.question, v.result);
  }

  function updateProjector(v) {
    for (const slide of document.querySelectorAll(".slide")) {
      const active = Number(slide.dataset.index) === v.slide;
      slide.hidden = !active;
      if (!active || !v.question) continue;
      slide.querySelector(".slide-status").textContent = `${statusText(v)} · ${v.responses} antwoorden`;
      const results = slide.querySelector(".results");
      if (v.results_visible) drawResults(results, v); else results.replaceChildren();
    }
  }

  function preview(index, target) {
    const node = $(target);
    node.replaceChildren();
    const template = document.querySelector(`#slides template[data-index="${index}"]`);
    if (template) node.append(template.content.cloneNode(true));
    else node.append(el("p", { class: "muted" }, "Einde van het deck"));
    return template;
  }

  function updateControl(v) {
    setText("slide-number", `dia ${v.slide + 1} van ${v.slides}`);
    setText("participants", v.participants);
    const template = preview(v.slide, "current");
    preview(v.slide + 1, "next");
    setText("notes", template ? template.dataset.notes : "");
    $("question-controls").hidden = !v.question;
    if (v.question) {
      setText("question-status", statusText(v));
      setText("responses", v.responses);
      $("open-question").disabled = v.status === "open";
      $("close-question").disabled = v.status !== "open";
      setText("toggle-results", v.results_visible ? "Resultaten verbergen" : "Resultaten tonen");
      drawResults($("control-results"), v);
    }
    $("prev").disabled = v.slide === 0;
    $("next-slide").disabled = v.slide >= v.slides - 1;
  }

  function update(v) {
    if (!v || v.code !== code) return;
    view = v;
    setText("connected", v.connected);
    if (role === "present") updateProjector(v); else updateControl(v);
  }

  socket.on("connect", () => {
    setText("connection", "");
    socket.emit("watch", { code }, (ack) => {
      if (ack && ack.ok) update(ack.state); else setText("connection", (ack && ack.error) || "geen toegang");
    });
  });
  socket.on("connect_error", (err) => setText("connection", `geen verbinding: ${err.message}`));
  socket.on("disconnect", () => setText("connection", "verbinding verbroken – opnieuw verbinden…"));
  socket.on("state", update);
  socket.on("results", update);

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    if (["ArrowRight", "PageDown", " "].includes(event.key)) { event.preventDefault(); go(1); }
    if (["ArrowLeft", "PageUp"].includes(event.key)) { event.preventDefault(); go(-1); }
  });

  if (role === "control") {
    $("prev").addEventListener("click", () => go(-1));
    $("next-slide").addEventListener("click", () => go(1));
    $("open-question").addEventListener("click", () => send("open", { question_id: view.question.id }));
    $("close-question").addEventListener("click", () => send("close", { question_id: view.question.id }));
    $("toggle-results").addEventListener("click",
      () => send("results", { question_id: view.question.id, visible: !view.results_visible }));
  }
})();
