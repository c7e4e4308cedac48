// Where each line of Japanese text on the page breaks, and whether it breaks between phrases.
// A break may fall after a <wbr> (the build's phrase boundaries), at a space, after 、or 。,
// after ・, or at the edge of an element that is not inline; anywhere else it splits a
// word. Paragraphs (body text) are left to the browser, and not looked at.
(selector) => {
  const ALLOWED_AFTER = /[\s、。,,・]/;
  const hidden = (el) => el.closest(".visually-hidden") || el.getClientRects().length === 0;
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (hidden(el)) continue;
    const chars = [];
    let boundary = true;
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          const text = child.textContent;
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(child, i);
            range.setEnd(child, i + 1);
            const rects = range.getClientRects();
            const previous = i > 0 ? text[i - 1] : "";
            const free = boundary || ALLOWED_AFTER.test(previous);
            boundary = false;
            if (!rects.length || /\s/.test(text[i])) { boundary = true; continue; }
            chars.push({ ch: text[i], top: rects[0].top, bottom: rects[0].bottom, free });
          }
        } else if (child.nodeName === "WBR" || child.nodeName === "BR") {
          boundary = true;
        } else if (child.nodeName === "P") {
          boundary = true; // a paragraph is body text, which the browser breaks as it likes
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const inline = getComputedStyle(child).display === "inline";
          if (!inline) boundary = true;
          walk(child);
          if (!inline) boundary = true;
        }
      }
    };
    walk(el);
    const lines = [[]];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (i > 0 && c.top >= chars[i - 1].bottom - 2) {
        if (!c.free) {
          const before = chars.slice(Math.max(0, i - 6), i).map((x) => x.ch).join("");
          const after = chars.slice(i, i + 6).map((x) => x.ch).join("");
          found.push({ element: el.tagName.toLowerCase() + "." + el.className, at: `${before}/${after}` });
        }
        lines.push([]);
      }
      lines[lines.length - 1].push(c.ch);
    }
    el.dataset.lines = lines.length;
  }
  return found;
}
