/* The deck editor: checks the source as you type (the server runs `deck check`), lists the mistakes with a
   way to jump to their line, and previews the slides as the projector renders them. */
(function () {
  "use strict";

  const form = document.getElementById("deck-form");
  if (!form) return;
  const source = document.getElementById("source");
  const errorList = document.getElementById("errors");
  const status = document.getElementById("check-status");
  const preview = document.getElementById("preview");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const DELAY = 400;
  let timer = null;
  let sequence = 0;
  const saved = source.value;
  let submitting = false;
  let previewed = false;

  source.style.fontFamily = 'ui-monospace, "DejaVu Sans Mono", monospace';
  source.style.fontSize = ".9rem";
  source.style.lineHeight = "1.4";

  function goToLine(line) {
    const lines = source.value.split("\n");
    const index = Math.max(0, Math.min(line, lines.length) - 1);
    let start = 0;
    for (let i = 0; i < index; i++) start += lines[i].length + 1;
    source.focus();
    source.setSelectionRange(start, start + lines[index].length);
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (index - 3) * lineHeight);
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "muted";
  }

  function showErrors(errors) {
    errorList.replaceChildren();
    errors.forEach((error) => {
      const item = document.createElement("li");
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "link";
      jump.dataset.line = error.line;
      jump.textContent = Workshop.t("regel {line}", { line: error.line });
      item.append(jump, ": " + error.message);
      errorList.append(item);
    });
  }

  function slideCard(slide) {
    const card = document.createElement("article");
    card.className = "preview layout-" + slide.layout;
    card.style.marginBottom = ".75rem";
    const head = document.createElement("p");
    head.className = "muted";
    const jump = document.createElement("button");
    jump.type = "button";
    jump.className = "link";
    jump.dataset.line = slide.line;
    jump.textContent = Workshop.t("Dia {number}", { number: slide.index + 1 });
    head.append(jump, slide.layout === "content" ? "" : " · " + slide.layout);
    const body = document.createElement("div");
    body.className = "slide-body";
    // The server's Markdown renderer made this HTML; it shows any raw HTML in the deck as text.
    body.innerHTML = slide.html;
    body.querySelectorAll("img").forEach((img) => { img.style.maxWidth = "100%"; });
    card.append(head, body);
    if (slide.question) {
      const question = document.createElement("p");
      const kind = document.createElement("strong");
      kind.textContent = Workshop.t("Vraag ({kind}): ", { kind: slide.question.kind });
      question.append(kind, slide.question.text);
      card.append(question);
    }
    if (slide.notes) {
      const notes = document.createElement("p");
      notes.className = "notes";
      notes.textContent = slide.notes;
      card.append(notes);
    }
    return card;
  }

  function showResult(result) {
    showErrors(result.errors);
    if (result.ok) {
      preview.replaceChildren(...result.slides.map(slideCard));
      preview.style.opacity = "";
      previewed = true;
      const n = result.slides.length;
      setStatus((n === 1 ? Workshop.t("Geen fouten · {count} dia", { count: n }) : Workshop.t("Geen fouten · {count} dia's", { count: n })), false);
    } else {
      preview.style.opacity = ".5";
      const n = result.errors.length;
      setStatus((n === 1 ? Workshop.t("{count} fout: het deck kan zo niet opgeslagen worden.", { count: n })
                : Workshop.t("{count} fouten: het deck kan zo niet opgeslagen worden.", { count: n })) +
                (previewed ? " " + Workshop.t("Het voorbeeld toont de laatste versie zonder fouten.") : ""), true);
    }
  }

  async function check() {
    const mine = ++sequence;
    try {
      const response = await fetch(form.dataset.checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ source: source.value }),
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const result = await response.json();
      if (mine === sequence) showResult(result);
    } catch (error) {
      if (mine === sequence) setStatus(Workshop.t("Controleren lukt nu niet ({error}).", { error: error.message }), true);
    }
  }

  function jumpFrom(event) {
    const target = event.target.closest("button[data-line]");
    if (target) goToLine(Number(target.dataset.line));
  }

  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY);
  });
  errorList.addEventListener("click", jumpFrom);
  preview.addEventListener("click", jumpFrom);
  form.addEventListener("submit", () => { submitting = true; });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && source.value !== saved) event.preventDefault();
  });
  check();
})();
