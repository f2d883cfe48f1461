// Photo uploads from the body: each file goes to `urls.upload` (two at a time) with its progress
// shown at its place (a photos item {upload: key}); when it is done the item becomes the photo
// (or the server's Vietnamese reason, {error}), without touching the rest of the text. The
// replacement is not an undo step: undo takes back the insertion as a whole.
import { uuid } from "./serialize.js";

const PARALLEL = 2;

export class Uploads {
  constructor(ctx) {
    this.ctx = ctx;
    this.entries = new Map();
    this.queue = [];
    this.active = 0;
    this.pendingSync = false;
  }

  add(file) {
    const key = uuid();
    this.entries.set(key, { key, file, name: file.name || "ảnh", progress: 0, state: "waiting", result: null, listeners: new Set() });
    return key;
  }

  get(key) {
    return this.entries.get(key);
  }

  subscribe(key, listener) {
    const entry = this.entries.get(key);
    if (!entry) return () => {};
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  busy() {
    return Array.from(this.entries.values()).some((entry) => entry.state === "queued" || entry.state === "sending");
  }

  /** After every view update: start what was placed, put in place what has finished. */
  sync(view) {
    let finished = false;
    view.state.doc.forEach((node) => {
      if (node.type.name !== "photos") return;
      for (const item of node.attrs.items) {
        if (!item.upload) continue;
        const entry = this.entries.get(item.upload);
        if (!entry) continue;
        if (entry.state === "waiting") this.start(entry);
        else if (entry.state === "done") finished = true;
      }
    });
    if (finished && !this.pendingSync) {
      this.pendingSync = true;
      setTimeout(() => {
        this.pendingSync = false;
        this.place(view);
      }, 0);
    }
  }

  start(entry) {
    entry.state = "queued";
    this.queue.push(entry);
    this.pump();
  }

  pump() {
    while (this.active < PARALLEL && this.queue.length) {
      const entry = this.queue.shift();
      this.active += 1;
      entry.state = "sending";
      this.send(entry).finally(() => {
        this.active -= 1;
        entry.state = "done";
        entry.listeners.clear();
        this.place(this.ctx.view);
        this.pump();
      });
    }
  }

  async send(entry) {
    if (!/^image\//.test(entry.file.type || "")) {
      entry.result = { error: `“${entry.name}” không phải là ảnh (JPEG, PNG, WebP…).`, name: entry.name };
      return;
    }
    try {
      const data = await this.ctx.server.post("upload", { file: entry.file }, {
        fallbackError: `Không tải được ảnh “${entry.name}”.`,
        onProgress: (fraction) => {
          entry.progress = fraction;
          entry.listeners.forEach((listener) => listener(entry));
        },
      });
      const photo = data.photo;
      this.ctx.rememberPhoto(photo);
      const alt = this.ctx.altOf(photo.id);  // the same photo elsewhere in the body: its alt text
      entry.result = { slot: null, photo: photo.id, caption: photo.caption || "", credit: photo.credit || "",
        alt: alt ?? (photo.alt || ""), reused: !!data.reused };
    } catch (error) {
      entry.result = { error: error.message || `Không tải được ảnh “${entry.name}”.`, name: entry.name };
    }
  }

  /** Put finished uploads in their place (one transaction, outside the undo history). */
  place(view) {
    const tr = view.state.tr;
    view.state.doc.forEach((node, pos) => {
      if (node.type.name !== "photos") return;
      let changed = false;
      const items = node.attrs.items.map((item) => {
        const entry = item.upload && this.entries.get(item.upload);
        if (entry && entry.state === "done" && entry.result) {
          changed = true;
          return entry.result;
        }
        return item;
      });
      if (changed) tr.setNodeMarkup(pos, null, { ...node.attrs, items });
    });
    if (tr.docChanged) view.dispatch(tr.setMeta("addToHistory", false));
  }
}
