/* The coding view: move through texts with j/k or the arrow keys, toggle codes with 1-9 or a click,
   mark a text as looked at without a code with 0. Each change is stored at once (POST, JSON). */
(function () {
  "use strict";
  const root = document.getElementById("coding");
  if (!root) return;
  const texts = Array.from(root.querySelectorAll(".coded-text"));

  async function send(body) {
    const response = await fetch(root.dataset.apply, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({ ok: false }));
    if (!answer.ok) throw new Error(answer.error || Workshop.t("Code niet opgeslagen, probeer het opnieuw."));
  }

  async function toggle(text, button) {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    try {
      await send({ text_key: text.dataset.key, code_id: Number(button.dataset.code), on });
      text.classList.add("seen");
      text.classList.remove("failed");
    } catch (error) {
      button.setAttribute("aria-pressed", String(!on));
      text.classList.add("failed");
      text.title = error.message;
    }
  }

  async function markSeen(text) {
    try {
      await send({ text_key: text.dataset.key, code_id: null });
      text.classList.add("seen");
    } catch (error) {
      text.classList.add("failed");
    }
  }

  function focusAt(index) {
    const target = texts[Math.max(0, Math.min(texts.length - 1, index))];
    if (target) target.focus();
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest(".code-toggle");
    if (button) toggle(button.closest(".coded-text"), button);
  });

  root.addEventListener("keydown", (event) => {
    const text = event.target.closest(".coded-text");
    if (!text || event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    const at = texts.indexOf(text);
    if (event.key === "j" || event.key === "ArrowDown") {
      focusAt(at + 1);
    } else if (event.key === "k" || event.key === "ArrowUp") {
      focusAt(at - 1);
    } else if (/^[1-9]$/.test(event.key)) {
      const button = text.querySelectorAll(".code-toggle")[Number(event.key) - 1];
      if (button) toggle(text, button);
    } else if (event.key === "0") {
      markSeen(text).then(() => focusAt(at + 1));
    } else {
      return;
    }
    event.preventDefault();
  });

  if (texts.length) texts[0].focus();
})();
