// Progressive enhancement only: every action works without JavaScript.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons for drafts (hidden without JS, since they need the clipboard API).
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      await navigator.clipboard.writeText(source.textContent || "");
      const label = button.textContent;
      button.textContent = button.dataset.copied || "Copied";
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }

  // Copy buttons for read-only fields (the calendar address): copy the field's value.
  for (const button of document.querySelectorAll("button.copy[data-copy-value]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copyValue);
      if (!field) return;
      await navigator.clipboard.writeText(field.value || "");
      const label = button.textContent;
      button.textContent = button.dataset.copied || "Copied";
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }

  // The language switch submits on change.
  const lang = document.getElementById("lang-select");
  if (lang && lang.form) {
    lang.addEventListener("change", () => lang.form.submit());
  }
});
