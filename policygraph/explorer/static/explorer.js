// Company fields complete from the corpus as one types (the page works without this script: the field is text).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-complete=company]")) {
    const list = document.getElementById(input.getAttribute("list"));
    let asked = "";
    input.addEventListener("input", async () => {
      const text = input.value.trim();
      if (!text || text === asked) return;
      asked = text;
      const response = await fetch("/complete/company?" + new URLSearchParams({q: text}));
      if (!response.ok || asked !== text) return;
      list.replaceChildren(...(await response.json()).map(found => {
        const option = document.createElement("option");
        option.value = found.id;
        option.textContent = found.company ? found.company + " (" + found.id + ")" : found.id;
        return option;
      }));
    });
  }
});
