// Small DOM helpers and the modal dialog (a real <dialog>, Vietnamese, focus returned on close).

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

let dialogCount = 0;

/**
 * A modal dialog. `build(dialog, close)` fills it; resolves with what close() was given.
 * Escape and "Hủy" close it with null; focus goes back to `returnTo` (the editor).
 */
export function openDialog({ title, className = "", build, returnTo }) {
  const id = `ed-dialog-${++dialogCount}`;
  const heading = el("h2", { id: `${id}-title`, class: "ed-dialog__title", text: title });
  const dialog = el("dialog", { class: `ed-dialog ${className}`, "aria-labelledby": `${id}-title` }, heading);
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    let done = false;
    const close = (value = null) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      if (returnTo) returnTo();
      resolve(value);
    };
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(null);
    });
    build(dialog, close);
    dialog.showModal();
    const first = dialog.querySelector("[autofocus], input, button");
    if (first) first.focus();
  });
}

export function field(label, input, hint) {
  const id = input.id || `ed-field-${++dialogCount}`;
  input.id = id;
  const parts = [el("label", { for: id, text: label }), input];
  if (hint) {
    const hintEl = el("p", { class: "ed-hint", id: `${id}-hint`, text: hint });
    input.setAttribute("aria-describedby", hintEl.id);
    parts.push(hintEl);
  }
  return el("div", { class: "ed-field" }, ...parts);
}

export function formatSize(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
