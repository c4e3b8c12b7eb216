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

  // A part of the page that shows a running job (Settings → Accounts while a sync runs) names
  // the URL that renders it again, in the page's language; it is swapped every two seconds
  // until the fresh part asks for no more polling. Without JavaScript a link reloads it.
  const poll = (element) => {
    const url = element.dataset.poll;
    if (!url) return;
    setTimeout(async () => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const holder = document.createElement("div");
        holder.innerHTML = await response.text();
        const fresh = holder.querySelector("#" + element.id);
        if (!fresh) return;
        element.replaceWith(fresh);
        poll(fresh);
      } catch (_) {
        // The server is gone for a moment: stop; the link in the part still reloads it.
      }
    }, 2000);
  };
  for (const element of document.querySelectorAll("[data-poll][id]")) poll(element);
});
