// Conveniences over forms that work without it: amounts shown as read (1億7,200万円), no
// submit from the Enter that ends an input method's conversion, a warning before leaving
// unsaved changes.
(() => {
  "use strict";
  const UNITS = [[1e12, "兆"], [1e8, "億"], [1e4, "万"]];
  const WIDE = /[\uFF01-\uFF5E]/g;

  const ascii = (text) => text.replace(WIDE, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0));

  const parseYen = (typed) => {
    const text = ascii(typed).replace(/\s/g, "");
    const found = /^(?:([\d,]+)兆)?(?:([\d,]+)億)?(?:([\d,]+)万)?([\d,]*)円?$/.exec(text);
    if (!text || !found || !found.slice(1).some(Boolean)) return null;
    let total = 0;
    [1e12, 1e8, 1e4].forEach((size, i) => {
      if (found[i + 1]) total += Number(found[i + 1].replace(/,/g, "")) * size;
    });
    if (found[4]) total += Number(found[4].replace(/,/g, ""));
    return Number.isSafeInteger(total) ? total : null;
  };

  const showYen = (amount) => {
    if (amount === 0) return "0円";
    let rest = amount;
    let out = "";
    for (const [size, unit] of UNITS) {
      const part = Math.floor(rest / size);
      if (part) out += part.toLocaleString("ja-JP") + unit;
      rest %= size;
    }
    if (rest) out += rest.toLocaleString("ja-JP");
    return out + "円";
  };

  const refreshYen = (input) => {
    const output = input.parentElement.querySelector("output.yen-shown");
    if (!output) return;
    const amount = parseYen(input.value);
    output.textContent = amount === null ? "" : showYen(amount);
  };

  document.querySelectorAll("input[data-yen]").forEach((input) => {
    refreshYen(input);
    input.addEventListener("input", (event) => {
      if (!event.isComposing) refreshYen(input);
    });
    input.addEventListener("compositionend", () => refreshYen(input));
  });

  // Typing not yet saved survives a reload: kept in the browser per file and version.
  const keep = (form) => {
    const key = `sitegen-draft:${form.elements.path.value}:${form.elements.sha.value}`;
    const restore = () => {
      let saved = null;
      try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { saved = null; }
      if (!saved) return;
      for (const [name, value] of Object.entries(saved)) {
        const control = form.elements.namedItem(name);
        if (!control || control.type === "hidden") continue;
        if (control.type === "checkbox") control.checked = value === true;
        else if ("value" in control) control.value = value;
      }
      const note = document.createElement("p");
      note.className = "notice";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.restored;
      form.prepend(note);
    };
    const save = () => {
      const values = {};
      for (const control of form.elements) {
        if (!control.name || control.type === "hidden" || control.type === "submit") continue;
        values[control.name] = control.type === "checkbox" ? control.checked : control.value;
      }
      try { localStorage.setItem(key, JSON.stringify(values)); } catch (error) { /* full */ }
    };
    const forget = () => {
      for (const name of Object.keys(localStorage)) {
        if (name.startsWith(`sitegen-draft:${form.elements.path.value}:`)) localStorage.removeItem(name);
      }
    };
    return { restore, save, forget };
  };

  // A small toolbar over the body: Markdown for a heading, bold, a link, a list, a table,
  // an image, inserted at the cursor (the text area stays plain, safe with input methods).
  const toolbar = (area) => {
    const words = JSON.parse(area.dataset.words);
    const edit = (make) => {
      const start = area.selectionStart;
      const end = area.selectionEnd;
      const chosen = area.value.slice(start, end);
      const lineStart = area.value.lastIndexOf("\n", start - 1) + 1;
      const [before, inserted, at] = make(chosen, start, lineStart);
      area.setRangeText(inserted, before, end, "end");
      area.focus();
      if (at !== undefined) area.setSelectionRange(at, at);
      area.dispatchEvent(new Event("input", { bubbles: true }));
    };
    const tools = {
      heading: () => edit((c, s, l) => [l, "## " + area.value.slice(l, s) + c]),
      bold: () => edit((c, s) => [s, `**${c || words.text}**`]),
      link: () => edit((c, s) => [s, `[${c || words.text}](${words.page})`]),
      list: () => edit((c, s, l) => [l, "- " + area.value.slice(l, s) + c]),
      table: () => edit((c, s) => [s, `\n| ${words.item} | ${words.value} |\n| --- | --- |\n| ${c} |  |\n`]),
      image: () => edit((c, s) => [s, `![${c || words.alt}](${words.picture})`]),
    };
    const bar = document.createElement("div");
    bar.className = "toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", area.dataset.toolbar);
    bar.setAttribute("aria-controls", area.id);
    for (const [name, run] of Object.entries(tools)) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = words[name];
      button.addEventListener("click", run);
      bar.append(button);
    }
    area.before(bar);
  };
  document.querySelectorAll("textarea[data-toolbar]").forEach(toolbar);

  // The rendered page beside the form follows what is typed, unsaved: as the editor pauses
  // (never while an input method is composing), the form is posted to the editor, which
  // renders the page from it; the answer replaces the frame's document in place (its
  // address stays the page's, so its styles and images load as on the page itself).
  const live = (form, composing) => {
    const frame = document.getElementById("live-frame");
    if (!form.dataset.live || !frame) return;
    let timer = 0;
    let asked = 0;
    const refresh = async () => {
      const mine = ++asked;
      const data = new FormData(form);
      data.delete("op");
      let answer;
      try {
        answer = await fetch(form.dataset.live, { method: "POST", body: data, credentials: "same-origin" });
      } catch (error) { return; }
      if (mine !== asked || answer.status !== 200) return;
      const html = await answer.text();
      const shown = frame.contentDocument;
      if (mine !== asked || !shown) return;
      const parsed = new DOMParser().parseFromString(html, "text/html");
      shown.replaceChild(shown.importNode(parsed.documentElement, true), shown.documentElement);
      frame.title = frame.dataset.liveTitle;
      frame.dataset.refreshed = String(mine);
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 500); };
    form.addEventListener("input", (event) => { if (!event.isComposing && !composing()) later(); });
    form.addEventListener("compositionend", later);
  };

  document.querySelectorAll("form.edit").forEach((form) => {
    const draft = keep(form);
    draft.restore();
    let dirty = false;
    let composing = false;
    form.addEventListener("compositionstart", () => { composing = true; });
    form.addEventListener("compositionend", () => { composing = false; });
    form.addEventListener("keydown", (event) => {
      // The Enter that ends a conversion belongs to the input method, not to the form.
      if (event.key === "Enter" && (event.isComposing || composing || event.keyCode === 229)) {
        event.preventDefault();
      }
    });
    form.addEventListener("input", () => { dirty = true; draft.save(); });
    live(form, () => composing);
    form.addEventListener("submit", (event) => {
      if (composing) { event.preventDefault(); return; }
      dirty = false;
      draft.forget();
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) { event.preventDefault(); event.returnValue = form.dataset.unsaved; }
    });
  });
})();
