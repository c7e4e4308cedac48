// Photos for a page (issue 29): a drop onto the page's form or the picker, or a file chosen,
// is sent to the same route the picker posts to without JavaScript; the dialog asks for the
// alt text (empty only by choosing 「装飾」) and the Markdown goes in at the body's cursor.
(() => {
  "use strict";
  const picker = document.querySelector("form.photo-picker");
  const dialog = document.getElementById("photo-dialog");
  const area = document.getElementById("f-body");
  if (!picker || !dialog || !area || typeof dialog.showModal !== "function") return;
  const status = picker.querySelector(".photo-status");
  const input = picker.querySelector("input[type=file]");
  const alt = dialog.querySelector("#photo-alt");
  const decorative = dialog.querySelector("#photo-decorative");
  const error = dialog.querySelector("#photo-alt-error");
  const say = (text) => { status.textContent = text; };

  // Where the photo goes: the body's cursor once the editor has been in the body, else its end.
  let touched = false;
  for (const name of ["focus", "keyup", "mouseup", "select"]) {
    area.addEventListener(name, () => { touched = true; });
  }
  let spot = null;
  const remember = () => {
    const end = area.value.length;
    spot = touched ? [area.selectionStart, area.selectionEnd] : [end, end];
  };

  const ask = (answer) => new Promise((resolve) => {
    dialog.querySelector(".photo-panel").innerHTML = answer.panel;
    alt.value = "";
    decorative.checked = false;
    error.hidden = true;
    alt.removeAttribute("aria-invalid");
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "place" ? (decorative.checked ? "" : alt.value) : null);
    }, { once: true });
    dialog.showModal();
    alt.focus();
  });
  dialog.querySelector("form").addEventListener("submit", (event) => {
    const place = event.submitter && event.submitter.value === "place";
    if (place && !alt.value.trim() && !decorative.checked) {
      event.preventDefault();
      error.hidden = false;
      alt.setAttribute("aria-invalid", "true");
      alt.focus();
    }
  });

  const markdown = (src, text) => {
    const shown = text.trim().split(/\s+/).join(" ");
    if (!shown) return `<img src="${src}" alt="">`;
    return `![${shown.replace(/\\/g, "\\\\").replace(/[[\]]/g, (c) => "\\" + c)}](${src})`;
  };
  const insert = (src, text) => {
    const [start, end] = spot || [area.value.length, area.value.length];
    const before = area.value.slice(0, start);
    const after = area.value.slice(end);
    const lead = !before || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = !after || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    area.setRangeText(lead + markdown(src, text) + tail, start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
    spot = [area.selectionStart, area.selectionEnd];
  };

  const send = async (file) => {
    say(picker.dataset.sending.replace("{name}", file.name));
    const body = new FormData(picker);
    body.set("photo", file, file.name);
    let answer;
    try {
      const response = await fetch(picker.action, {
        method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      answer = await response.json();
    } catch (failure) {
      say(picker.dataset.failed);
      return;
    }
    if (answer.error) { say(answer.error); return; }
    say("");
    const text = await ask(answer);
    if (text !== null) {
      insert(answer.src, text);
      say(picker.dataset.inserted);
    }
  };
  let queue = Promise.resolve();
  const sendAll = (files) => {
    remember();
    for (const file of files) queue = queue.then(() => send(file));
  };

  const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
  for (const target of [document.querySelector("form.edit"), picker]) {
    if (!target) continue;
    target.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      target.classList.add("photo-dropping");
    });
    target.addEventListener("dragleave", () => target.classList.remove("photo-dropping"));
    target.addEventListener("drop", (event) => {
      target.classList.remove("photo-dropping");
      if (!hasFiles(event) || !event.dataTransfer.files.length) return;
      event.preventDefault();
      sendAll(Array.from(event.dataTransfer.files));
    });
  }
  input.addEventListener("change", () => {
    if (!input.files.length) return;
    sendAll(Array.from(input.files));
    input.value = "";
  });
  picker.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.files.length) sendAll(Array.from(input.files));
    else input.click();
  });
})();
