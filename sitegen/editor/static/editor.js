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
