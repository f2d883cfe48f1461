// The article body editor (issue #15), on ProseMirror. It starts on the article form's
// <textarea name="body" data-editor="body">: the textarea stays the form field (hidden, its
// attribute becomes data-editor-source="body") and the editable area after it gets
// data-editor="body". Every change writes the JSON blocks back into the textarea and fires `input`
// (autosave sees it); `newsroom:body-replaced` on the textarea reloads the document from it.
// The contract with the server: docs/developers.md "The body editor".
import { baseKeymap, chainCommands, toggleMark } from "prosemirror-commands";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { history, redo, undo, undoDepth, redoDepth } from "prosemirror-history";
import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from "prosemirror-inputrules";
import { keymap } from "prosemirror-keymap";
import { Fragment, Slice } from "prosemirror-model";
import { EditorState, NodeSelection, Plugin, Selection, TextSelection } from "prosemirror-state";
import {
  addColumnAfter, addRowAfter, deleteColumn, deleteRow, goToNextCell, isInTable, tableEditing, toggleHeaderRow,
} from "prosemirror-tables";
import { EditorView } from "prosemirror-view";
import {
  deleteBlockAt, enterInParts, hardBreak, insertBlock, isInList, linkAround, markActive, moveSelectedBlock, newTable,
  setHeading, setParagraph, splitItem, toggleBox, toggleList, toggleQuote, topBlock,
} from "./commands.js";
import { Server } from "./net.js";
import { nodeViews } from "./nodeviews.js";
import { bareUrl, cleanPastedHTML, isVideoUrl, plainTextParagraphs } from "./paste.js";
import { BLOCK_TYPES, schema } from "./schema.js";
import { blocksToDoc, docToBlocks, readSource, uuid } from "./serialize.js";
import { Toolbar } from "./toolbar.js";
import { el, field, formatSize, openDialog } from "./ui.js";
import { Uploads } from "./uploads.js";

const n = schema.nodes;
const m = schema.marks;
const SAFE_LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[+\d\s().-]+|\/(?![/\\])[^\s]*)$/i;

// Every top-level block has an id, and no two the same: a split paragraph's second half, a pasted
// copy get a new one (crypto.randomUUID); the block that had it first keeps it.
const blockIds = new Plugin({
  appendTransaction(transactions, _old, state) {
    if (!transactions.some((tr) => tr.docChanged)) return null;
    const seen = new Set();
    let tr = null;
    state.doc.forEach((node, pos) => {
      if (!BLOCK_TYPES[node.type.name]) return;
      const id = node.attrs.id;
      if (!id || seen.has(id)) {
        tr = tr || state.tr;
        tr.setNodeMarkup(pos, null, { ...node.attrs, id: uuid() });
      } else {
        seen.add(id);
      }
    });
    // A paragraph at the end, so that the cursor can always get below a table, a quote or a photo.
    const last = state.doc.lastChild;
    if (!last || last.type !== n.paragraph) {
      tr = tr || state.tr;
      tr.insert(tr.doc.content.size, n.paragraph.create({ id: uuid() }));
    }
    return tr;
  },
});

function rules() {
  const quoteRule = new InputRule(/^>\s$/, (state, _match, start, end) => {
    const $start = state.doc.resolve(start);
    if ($start.depth !== 1 || $start.parent.type !== n.paragraph) return null;
    let result = null;
    toggleQuote(state.apply(state.tr.delete(start, end)), (tr) => { result = tr; });
    if (!result) return null;
    const tr = state.tr.delete(start, end);
    result.steps.forEach((step) => tr.step(step));
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(result.selection.from, tr.doc.content.size))));
    return tr;
  });
  return inputRules({
    rules: [
      wrappingInputRule(/^\s*([-+*•])\s$/, n.bullet_list),
      wrappingInputRule(/^(\d+)[.)]\s$/, n.ordered_list),
      textblockTypeInputRule(/^(#{2,3})\s$/, n.heading, (match) => ({ level: match[1].length })),
      quoteRule,
    ],
  });
}

function imageFiles(list) {
  return Array.from(list || []).filter((file) => /^image\//.test(file.type));
}

function normaliseHref(value) {
  let href = (value || "").trim();
  if (!href) return null;
  if (/^www\./i.test(href) || /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(href)) href = "https://" + href;
  if (/^[^\s@/]+@[^\s@/]+\.[a-z]{2,}$/i.test(href)) href = "mailto:" + href;
  return SAFE_LINK.test(href) ? href : null;
}

// After a row or column goes, the cursor stays in the table (in the cell before the one removed).
function stayInTable(command) {
  return (state, dispatch, view) => command(state, dispatch && ((tr) => {
    if (!tr.selection.$head.parent.type.spec.tableRole) {
      const $pos = tr.doc.resolve(tr.mapping.map(state.selection.from, -1));
      const near = Selection.near($pos, -1);
      if (near.$head.parent.type.spec.tableRole) tr.setSelection(near);
    }
    dispatch(tr);
  }), view);
}

// "Thêm hàng": a row below, with the cursor in its first cell (where one types next).
function rowAfterAndGo(state, dispatch, view) {
  return addRowAfter(state, dispatch && ((tr) => {
    const $head = tr.selection.$head;
    for (let depth = $head.depth; depth > 0; depth--) {
      if ($head.node(depth).type.spec.tableRole === "row") {
        const next = $head.after(depth);
        if (next + 2 <= tr.doc.content.size) tr.setSelection(TextSelection.near(tr.doc.resolve(next + 2)));
        break;
      }
    }
    dispatch(tr);
  }), view);
}

class BodyEditor {
  constructor(textarea, data) {
    this.textarea = textarea;
    this.form = textarea.form;
    this.data = data;
    this.server = new Server(data, this.form);
    this.photos = new Map();
    this.related = new Map(Object.entries(data.related || {}));
    this.attachments = new Map(Object.entries(data.attachments || {}));
    for (const slot of Object.values(data.slots || {})) if (slot && slot.photo) this.photos.set(String(slot.photo), slot);
    // After a refused save the server names the photos the posted items use.
    for (const [id, photo] of Object.entries(data.photos || {})) this.photos.set(String(id), photo);
    try {
      const kept = JSON.parse(window.sessionStorage.getItem("newsroom:editor:photos") || "{}");
      for (const [id, photo] of Object.entries(kept)) if (!this.photos.has(id)) this.photos.set(id, photo);
    } catch (e) { /* storage off: the thumbnails of new photos show after a save */ }
    this.uploads = new Uploads(this);
    this.build();
  }

  // --- what node views and uploads ask ------------------------------------------------------

  photoInfo(id) {
    return id ? this.photos.get(String(id)) : null;
  }

  rememberPhoto(photo) {
    this.photos.set(String(photo.id), photo);
    try {
      const kept = JSON.parse(window.sessionStorage.getItem("newsroom:editor:photos") || "{}");
      kept[photo.id] = { photo: photo.id, thumb: photo.thumb, src: photo.src, width: photo.width, height: photo.height };
      window.sessionStorage.setItem("newsroom:editor:photos", JSON.stringify(kept));
    } catch (e) { /* storage off or full: only this page knows the thumbnail */ }
  }

  /** The alt text the body already gives this photo, or null. */
  altOf(photoId) {
    let alt = null;
    this.view.state.doc.forEach((node) => {
      if (node.type !== n.photos || alt !== null) return;
      const item = node.attrs.items.find((it) => it.photo === photoId && typeof it.alt === "string");
      if (item) alt = item.alt;
    });
    return alt;
  }

  setPhotoAlt(photoId, alt) {
    const tr = this.view.state.tr;
    this.view.state.doc.forEach((node, pos) => {
      if (node.type !== n.photos || !node.attrs.items.some((it) => it.photo === photoId)) return;
      tr.setNodeMarkup(pos, null, { ...node.attrs, items: node.attrs.items.map((it) => (it.photo === photoId ? { ...it, alt } : it)) });
    });
    if (tr.docChanged) this.view.dispatch(tr);
  }

  attachmentInfo(id) {
    return this.attachments.get(String(id));
  }

  relatedInfo(id) {
    return this.related.get(String(id));
  }

  notify(message, kind = "info") {
    const note = el("div", { class: `ed-notice ed-notice--${kind}` }, el("p", { text: message }),
      el("button", { type: "button", class: "ed-button", "aria-label": "Đóng thông báo", onclick: () => note.remove() }, "Đóng"));
    this.notices.appendChild(note);
    return note;
  }

  pickFiles(callback) {
    this.fileInput.value = "";
    this.fileCallback = callback;
    this.fileInput.click();
  }

  /** New photos at the cursor (or `pos`): one file a photo, several a gallery. */
  insertUploads(files, pos = null) {
    if (!files.length) return;
    if (!this.server.urls.upload) {
      this.notify("Chưa tải ảnh lên được: máy chủ chưa mở chức năng tải ảnh từ trình soạn thảo.", "error");
      return;
    }
    const items = files.map((file) => ({ upload: this.uploads.add(file) }));
    this.view.dispatch(insertBlock(this.view.state, n.photos.create({ items }), pos));
    this.view.focus();
  }

  addUploadsTo(pos, files) {
    const node = this.view.state.doc.nodeAt(pos);
    if (!node || node.type !== n.photos || !files.length) return;
    const items = [...node.attrs.items, ...files.map((file) => ({ upload: this.uploads.add(file) }))];
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...node.attrs, items }));
  }

  addPhotos(photos, pos = null) {
    const items = photos.map((photo) => {
      this.rememberPhoto(photo);
      const alt = this.altOf(photo.id);
      return { slot: null, photo: photo.id, caption: photo.caption || "", credit: photo.credit || "", alt: alt ?? (photo.alt || "") };
    });
    const node = pos === null ? null : this.view.state.doc.nodeAt(pos);
    if (node && node.type === n.photos) {
      this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...node.attrs, items: [...node.attrs.items, ...items] }));
    } else {
      this.view.dispatch(insertBlock(this.view.state, n.photos.create({ items })));
    }
  }

  // --- building ------------------------------------------------------------------------------

  build() {
    const textarea = this.textarea;
    const blocks = readSource(textarea.value);
    this.wrapper = el("div", { class: "ed", lang: "vi" });
    this.notices = el("div", { class: "ed-notices", role: "status", "aria-live": "polite" });
    this.fileInput = el("input", { type: "file", accept: "image/*", multiple: true, hidden: true, class: "ed-file",
      "aria-label": "Chọn ảnh để tải lên", tabindex: "-1" });
    this.fileInput.addEventListener("change", () => {
      const files = imageFiles(this.fileInput.files);
      const others = this.fileInput.files.length - files.length;
      if (others) this.notify(`Đã bỏ qua ${others} tệp không phải ảnh.`, "warning");
      // From the toolbar's "Ảnh" (or a file chooser opened otherwise): at the cursor; from a photos block: into it.
      const callback = this.fileCallback || ((chosen) => this.insertUploads(chosen));
      this.fileCallback = null;
      callback(files);
    });
    this.toolbar = new Toolbar(this.toolItems(), { onRun: (item) => this.run(item) });
    this.surface = el("div", { class: "ed-surface" });
    this.wrapper.append(this.toolbar.dom, this.notices, this.surface, this.fileInput);

    this.plugins = [
      rules(),
      keymap(this.keys()),
      keymap(baseKeymap),
      history(),
      dropCursor({ class: "ed-dropcursor", color: false }),
      gapCursor(),
      tableEditing(),
      blockIds,
      new Plugin({ view: () => ({ update: (view) => this.uploads.sync(view) }) }),
    ];
    this.view = new EditorView(this.surface, {
      state: EditorState.create({ doc: blocksToDoc(blocks || [], this.data), plugins: this.plugins }),
      nodeViews: nodeViews(this),
      attributes: {
        "data-editor": "body", class: "ed-content", role: "textbox", "aria-multiline": "true",
        "aria-label": "Nội dung bài", spellcheck: "true", lang: "vi",
      },
      dispatchTransaction: (tr) => this.dispatch(tr),
      transformPastedHTML: (html) => this.cleanPaste(html),
      clipboardTextParser: (text) => this.textSlice(text),
      handlePaste: (view, event) => this.onPaste(view, event),
      handleDrop: (view, event, slice, moved) => this.onDrop(view, event, slice, moved),
    });
    textarea.insertAdjacentElement("afterend", this.wrapper);
    textarea.removeAttribute("data-editor");
    textarea.setAttribute("data-editor-source", "body");
    textarea.hidden = true;
    textarea.classList.add("ed-source");
    if (!this.form.querySelector("input[name=body_editor]")) {
      this.form.appendChild(el("input", { type: "hidden", name: "body_editor", value: "1" }));
    }
    // The body places the photos now: the photo slot inline goes (the server does not expect it).
    for (const group of this.form.querySelectorAll("#slots-group, #photo_slots-group")) group.remove();
    const label = this.form.querySelector("label[for='" + textarea.id + "']");
    if (label) label.addEventListener("click", () => this.view.focus());
    const help = document.getElementById(`${textarea.id}_helptext`);
    if (help) {
      help.textContent = "Soạn như trong Word: thanh công cụ hoặc phím tắt (Ctrl+B đậm, Ctrl+I nghiêng, Ctrl+K liên kết, " +
        "Ctrl+Z hoàn tác). Kéo thả hoặc dán ảnh vào đúng chỗ; dán từ Word, Google Docs giữ đoạn, đậm, nghiêng, " +
        "liên kết, danh sách và bảng.";
      this.view.dom.setAttribute("aria-describedby", help.id);
    }
    textarea.addEventListener("newsroom:body-replaced", () => this.reload());
    this.form.addEventListener("submit", () => { if (this.dirty) this.write(false); });
    if (blocks === null) {
      this.notify("Nội dung đã lưu không đọc được (JSON hỏng); trình soạn thảo bắt đầu từ trang trắng. " +
        "Chưa sửa gì thì nội dung cũ vẫn được giữ khi lưu.", "error");
    }
    this.toolbar.update(this.view.state);
  }

  dispatch(tr) {
    const state = this.view.state.apply(tr);
    this.view.updateState(state);
    if (tr.docChanged) {
      this.dirty = true;
      this.write(true);
    }
    this.toolbar.update(state);
  }

  write(fireInput) {
    const value = JSON.stringify(docToBlocks(this.view.state.doc));
    if (value === this.textarea.value) return;
    this.textarea.value = value;
    if (fireInput) this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  reload() {
    const blocks = readSource(this.textarea.value);
    if (blocks === null) {
      this.notify("Nội dung mới không phải JSON hợp lệ; trình soạn thảo giữ nguyên bản đang có.", "error");
      return;
    }
    this.view.updateState(EditorState.create({ doc: blocksToDoc(blocks, this.data), plugins: this.plugins }));
    this.dirty = true;
    this.toolbar.update(this.view.state);
  }

  // --- paste and drop ------------------------------------------------------------------------

  cleanPaste(html) {
    if (/data-pm-slice/.test(html)) return html;  // copied in this editor: already in its shape
    const result = cleanPastedHTML(html, { onImage: (file) => (this.server.urls.upload ? this.uploads.add(file) : null) });
    if (result.dropped) {
      this.notify(`Đã bỏ ${result.dropped} ảnh trong phần vừa dán: ảnh nằm trên trang khác hoặc trên máy của ` +
        "người soạn, trình duyệt không lấy được. Hãy lưu ảnh về máy rồi kéo thả vào bài (hoặc bấm nút Ảnh).", "warning");
    }
    if (result.uploaded) this.notify(`Đang tải lên ${result.uploaded} ảnh trong phần vừa dán, ở đúng chỗ của chúng.`);
    return result.html;
  }

  textSlice(text) {
    const paragraphs = plainTextParagraphs(text).map((lines) => {
      const content = [];
      lines.forEach((parts, index) => {
        if (index) content.push(n.hard_break.create());
        for (const part of parts) {
          if (part.text) content.push(schema.text(part.text, part.href ? [m.link.create({ href: part.href })] : null));
        }
      });
      return n.paragraph.create(null, content);
    });
    return new Slice(Fragment.from(paragraphs), 1, 1);
  }

  onPaste(view, event) {
    const data = event.clipboardData;
    if (!data) return false;
    const html = data.getData("text/html");
    const files = imageFiles(data.files);
    if (files.length && !(html && html.replace(/<img[^>]*>/gi, "").replace(/<[^>]*>/g, "").trim())) {
      this.insertUploads(files);
      return true;
    }
    const url = html ? null : bareUrl(data.getData("text/plain"));
    if (url && isVideoUrl(url)) {
      view.dispatch(insertBlock(view.state, n.video.create({ url })));
      return true;
    }
    if (url && !view.state.selection.empty && view.state.selection instanceof TextSelection) {
      const { from, to } = view.state.selection;
      view.dispatch(view.state.tr.addMark(from, to, m.link.create({ href: url })));
      return true;
    }
    return false;
  }

  onDrop(view, event, _slice, moved) {
    if (moved) return false;
    const list = event.dataTransfer ? event.dataTransfer.files : null;
    if (!list || !list.length) return false;
    const files = imageFiles(list);
    if (files.length < list.length) {
      this.notify(`Đã bỏ qua ${list.length - files.length} tệp không phải ảnh. Tệp đính kèm (PDF, DOC…): dùng nút “Tệp”.`, "warning");
    }
    const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
    this.insertUploads(files, at ? at.pos : null);
    return true;
  }

  // --- keyboard and toolbar ------------------------------------------------------------------

  keys() {
    return {
      "Mod-z": undo,
      "Mod-y": redo,
      "Shift-Mod-z": redo,
      "Mod-b": toggleMark(m.strong),
      "Mod-i": toggleMark(m.em),
      "Mod-u": toggleMark(m.u),
      "Mod-k": () => {
        this.openLink();
        return true;
      },
      "Mod-Alt-0": setParagraph,
      "Mod-Alt-2": setHeading(2),
      "Mod-Alt-3": setHeading(3),
      "Shift-Mod-8": toggleList(n.bullet_list),
      "Shift-Mod-7": toggleList(n.ordered_list),
      "Alt-ArrowUp": moveSelectedBlock(-1),
      "Alt-ArrowDown": moveSelectedBlock(1),
      Enter: chainCommands(enterInParts, splitItem),
      "Shift-Enter": hardBreak,
      "Mod-Enter": hardBreak,
      Tab: goToNextCell(1),
      "Shift-Tab": goToNextCell(-1),
    };
  }

  toolItems() {
    const mark = (name, type, label, icon, shortcut) => ({
      name, label, icon, shortcut, command: toggleMark(type), active: (state) => markActive(state, type),
    });
    const headingActive = (level) => (state) => {
      const { $from } = state.selection;
      return $from.parent.type === n.heading && $from.parent.attrs.level === level;
    };
    const topIs = (type) => (state) => {
      const top = topBlock(state);
      return !!top && top.node.type === type;
    };
    return [
      { label: "Kiểu chữ", items: [
        mark("bold", m.strong, "Đậm", "B", "Ctrl+B"),
        mark("italic", m.em, "Nghiêng", "I", "Ctrl+I"),
        mark("underline", m.u, "Gạch chân", "U", "Ctrl+U"),
        mark("strike", m.s, "Gạch ngang", "S"),
        mark("sub", m.sub, "Chỉ số dưới", "x₂"),
        mark("sup", m.sup, "Chỉ số trên", "x²"),
        { name: "link", label: "Liên kết", icon: "", text: "Liên kết", shortcut: "Ctrl+K", run: () => this.openLink(),
          active: (state) => markActive(state, m.link) },
      ] },
      { label: "Khối", items: [
        { name: "paragraph", label: "Đoạn văn", icon: "¶", command: setParagraph, active: (state) => state.selection.$from.parent.type === n.paragraph && state.selection.$from.depth === 1 },
        { name: "h2", label: "Tiêu đề lớn (cấp 2)", icon: "T2", shortcut: "Ctrl+Alt+2", command: setHeading(2), active: headingActive(2) },
        { name: "h3", label: "Tiêu đề nhỏ (cấp 3)", icon: "T3", shortcut: "Ctrl+Alt+3", command: setHeading(3), active: headingActive(3) },
        { name: "bullet", label: "Danh sách chấm", icon: "•≡", shortcut: "Ctrl+Shift+8", command: toggleList(n.bullet_list), active: (state) => isInList(state, n.bullet_list) },
        { name: "number", label: "Danh sách số", icon: "1≡", shortcut: "Ctrl+Shift+7", command: toggleList(n.ordered_list), active: (state) => isInList(state, n.ordered_list) },
        { name: "quote", label: "Trích dẫn", icon: "❝", command: toggleQuote, active: topIs(n.quote) },
        { name: "box", label: "Hộp thông tin", icon: "▣", command: toggleBox, active: topIs(n.box) },
        { name: "table", label: "Chèn bảng", icon: "▦", run: () => this.insertTable() },
      ] },
      { label: "Chèn", items: [
        { name: "photo", label: "Tải ảnh lên (một ảnh hoặc nhiều ảnh thành bộ ảnh)", icon: "+", text: "Ảnh", run: () => this.pickFiles((files) => this.insertUploads(files)) },
        { name: "library", label: "Chọn từ thư viện", icon: "", text: "Thư viện", run: () => this.openLibrary(null) },
        { name: "video", label: "Chèn video YouTube hoặc Vimeo", icon: "▶", text: "Video", run: () => this.openVideo() },
        { name: "attachment", label: "Đính kèm tệp (PDF, DOC, XLS…)", icon: "+", text: "Tệp", run: () => this.openAttachment() },
        { name: "related", label: "Chèn bài liên quan", icon: "↗", text: "Bài liên quan", run: () => this.openRelated(null) },
      ] },
      { label: "Hoàn tác", items: [
        { name: "undo", label: "Hoàn tác", icon: "↶", shortcut: "Ctrl+Z", command: undo, enabled: (state) => undoDepth(state) > 0 },
        { name: "redo", label: "Làm lại", icon: "↷", shortcut: "Ctrl+Y", command: redo, enabled: (state) => redoDepth(state) > 0 },
      ] },
      { label: "Bảng", hiddenUnless: (state) => isInTable(state), items: [
        { name: "row-add", label: "Thêm hàng bên dưới", icon: "+", text: "Hàng", command: rowAfterAndGo },
        { name: "row-delete", label: "Xóa hàng", icon: "−", text: "Hàng", command: stayInTable(deleteRow) },
        { name: "column-add", label: "Thêm cột bên phải", icon: "+", text: "Cột", command: addColumnAfter },
        { name: "column-delete", label: "Xóa cột", icon: "−", text: "Cột", command: stayInTable(deleteColumn) },
        { name: "header-row", label: "Hàng đầu là tiêu đề", icon: "▤", text: "Tiêu đề", command: toggleHeaderRow,
          active: (state) => this.headerRowOn(state) },
        { name: "table-delete", label: "Xóa bảng", icon: "✕", text: "Bảng", run: () => this.deleteTable() },
      ] },
    ];
  }

  run(item) {
    if (item.run) item.run();
    else if (item.command) item.command(this.view.state, this.view.dispatch, this.view);
    if (!item.run) this.view.focus();
  }

  headerRowOn(state) {
    const { $from } = state.selection;
    for (let depth = $from.depth; depth > 0; depth--) {
      const node = $from.node(depth);
      if (node.type === n.table) {
        let all = node.firstChild.childCount > 0;
        node.firstChild.forEach((cell) => { if (cell.type !== n.table_header) all = false; });
        return all;
      }
    }
    return false;
  }

  insertTable() {
    const tr = insertBlock(this.view.state, newTable());
    // The cursor in the first cell.
    const top = topBlock(this.view.state.apply(tr));
    this.view.dispatch(tr);
    if (top) {
      const pos = top.pos + 4;  // table_block > table > row > cell
      this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, pos)));
    }
    this.view.focus();
  }

  deleteTable() {
    const top = topBlock(this.view.state);
    if (top && top.node.type === n.table_block) deleteBlockAt(this.view.state, this.view.dispatch, top.pos);
    this.view.focus();
  }

  // --- dialogs -------------------------------------------------------------------------------

  openLink() {
    const state = this.view.state;
    if (!state.selection.$from.parent.type.allowsMarkType(m.link)) {
      this.notify("Tiêu đề, chú thích và tên người nói không có liên kết: đặt liên kết trong đoạn văn.", "warning");
      return;
    }
    const existing = linkAround(state);
    const { from, to, empty } = state.selection;
    const href = el("input", { type: "text", inputmode: "url", autocomplete: "off", value: existing ? existing.mark.attrs.href : "" });
    href.value = existing ? existing.mark.attrs.href : "";
    const needsText = empty && !existing;
    const text = el("input", { type: "text", lang: "vi" });
    const error = el("p", { class: "ed-error", role: "alert" });
    openDialog({
      title: existing ? "Sửa liên kết" : "Thêm liên kết",
      returnTo: () => this.view.focus(),
      build: (dialog, close) => {
        const apply = (event) => {
          event.preventDefault();
          const value = normaliseHref(href.value);
          if (!value) {
            error.textContent = "Liên kết phải bắt đầu bằng http://, https://, mailto:, tel: hoặc / (một trang của cổng).";
            href.focus();
            return;
          }
          if (needsText && !text.value.trim()) {
            error.textContent = "Nhập chữ hiển thị cho liên kết.";
            text.focus();
            return;
          }
          const mark = m.link.create({ href: value });
          let tr = this.view.state.tr;
          if (existing) tr = tr.removeMark(existing.from, existing.to, m.link).addMark(existing.from, existing.to, mark);
          else if (needsText) tr = tr.insert(from, schema.text(text.value.trim(), [mark]));
          else tr = tr.addMark(from, to, mark);
          this.view.dispatch(tr.scrollIntoView());
          close(true);
        };
        const form = el("form", { class: "ed-dialog__form", method: "dialog", novalidate: true, onsubmit: apply },
          field("Địa chỉ liên kết", href, "Ví dụ: https://baoquangbinh.vn/… hoặc /thoi-su/…"),
          needsText ? field("Chữ hiển thị", text) : null,
          error,
          el("div", { class: "ed-dialog__actions" },
            el("button", { type: "submit", class: "ed-button ed-button--primary" }, existing ? "Lưu liên kết" : "Thêm liên kết"),
            existing ? el("button", { type: "button", class: "ed-button", onclick: () => {
              this.view.dispatch(this.view.state.tr.removeMark(existing.from, existing.to, m.link));
              close(true);
            } }, "Gỡ liên kết") : null,
            el("button", { type: "button", class: "ed-button", onclick: () => close(null) }, "Hủy")));
        dialog.appendChild(form);
      },
    });
  }

  openVideo() {
    const url = el("input", { type: "text", inputmode: "url", autocomplete: "off" });
    const caption = el("input", { type: "text", lang: "vi" });
    const error = el("p", { class: "ed-error", role: "alert" });
    openDialog({
      title: "Chèn video",
      returnTo: () => this.view.focus(),
      build: (dialog, close) => {
        dialog.appendChild(el("form", { class: "ed-dialog__form", novalidate: true, onsubmit: (event) => {
          event.preventDefault();
          const value = url.value.trim();
          if (!isVideoUrl(value)) {
            error.textContent = "Địa chỉ phải là một video YouTube hoặc Vimeo (ví dụ https://www.youtube.com/watch?v=…).";
            url.focus();
            return;
          }
          this.view.dispatch(insertBlock(this.view.state, n.video.create({ url: value, caption: caption.value.trim() })));
          close(true);
        } },
        field("Địa chỉ video", url, "Dán liên kết YouTube hoặc Vimeo. Dán thẳng liên kết vào bài cũng được."),
        field("Chú thích video", caption),
        error,
        el("div", { class: "ed-dialog__actions" },
          el("button", { type: "submit", class: "ed-button ed-button--primary" }, "Chèn video"),
          el("button", { type: "button", class: "ed-button", onclick: () => close(null) }, "Hủy"))));
      },
    });
  }

  openAttachment() {
    if (!this.data.article) {
      this.notify("Lưu bài một lần trước khi đính kèm tệp.", "warning");
      return;
    }
    const file = el("input", { type: "file", accept: ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods" });
    const title = el("input", { type: "text", lang: "vi" });
    const progress = el("progress", { max: "100", value: "0", hidden: true, "aria-label": "Đang tải tệp lên" });
    const error = el("p", { class: "ed-error", role: "alert" });
    openDialog({
      title: "Đính kèm tệp",
      returnTo: () => this.view.focus(),
      build: (dialog, close) => {
        const submit = el("button", { type: "submit", class: "ed-button ed-button--primary" }, "Tải lên và chèn");
        dialog.appendChild(el("form", { class: "ed-dialog__form", novalidate: true, onsubmit: async (event) => {
          event.preventDefault();
          if (!file.files.length) {
            error.textContent = "Chọn một tệp (PDF, DOC, DOCX, XLS, XLSX, ODT, ODS).";
            return;
          }
          submit.disabled = true;
          progress.hidden = false;
          error.textContent = "";
          try {
            const data = await this.server.post("attachment", { file: file.files[0], article: this.data.article, title: title.value.trim() },
              { onProgress: (f) => { progress.value = Math.round(f * 100); }, fallbackError: "Không tải được tệp lên." });
            const attachment = data.attachment;
            this.attachments.set(String(attachment.id), attachment);
            this.view.dispatch(insertBlock(this.view.state, n.attachment.create({ file: attachment.id, title: attachment.title || "" })));
            close(true);
          } catch (e) {
            error.textContent = e.message;
            submit.disabled = false;
            progress.hidden = true;
          }
        } },
        field("Tệp", file, "PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS, tối đa 20 MB."),
        field("Tên tệp hiện cho bạn đọc", title, "Để trống thì dùng tên tệp."),
        progress, error,
        el("div", { class: "ed-dialog__actions" }, submit,
          el("button", { type: "button", class: "ed-button", onclick: () => close(null) }, "Hủy"))));
      },
    });
  }

  openRelated(pos) {
    const query = el("input", { type: "search", autocomplete: "off", lang: "vi" });
    const results = el("ul", { class: "ed-results", "aria-label": "Kết quả tìm bài" });
    const status = el("p", { class: "ed-hint", role: "status" });
    openDialog({
      title: "Chèn bài liên quan",
      className: "ed-dialog--wide",
      returnTo: () => this.view.focus(),
      build: (dialog, close) => {
        let timer = null;
        let asked = 0;
        const search = async () => {
          const number = ++asked;
          status.textContent = "Đang tìm…";
          try {
            const params = { q: query.value.trim() };
            if (this.data.article) params.exclude = this.data.article;
            const data = await this.server.get("related", params);
            if (number !== asked) return;
            results.replaceChildren(...data.results.map((article) => el("li", {},
              el("button", { type: "button", class: "ed-result", "data-article": article.id, onclick: () => {
                this.related.set(String(article.id), article);
                const node = pos === null ? null : this.view.state.doc.nodeAt(pos);
                if (node && node.type === n.related) {
                  this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...node.attrs, article: article.id }));
                } else {
                  this.view.dispatch(insertBlock(this.view.state, n.related.create({ article: article.id })));
                }
                close(true);
              } }, el("strong", { text: article.title }), el("span", { class: "ed-result__meta", text: ` · ${article.status}` })))));
            status.textContent = data.results.length ? `${data.results.length} bài` : "Không tìm thấy bài nào.";
          } catch (e) {
            if (number === asked) status.textContent = e.message;
          }
        };
        query.addEventListener("input", () => {
          clearTimeout(timer);
          timer = setTimeout(search, 250);
        });
        dialog.append(el("form", { class: "ed-dialog__form", novalidate: true, onsubmit: (event) => {
          event.preventDefault();
          clearTimeout(timer);
          search();
        } }, field("Tìm theo tiêu đề (gõ có dấu hay không dấu đều được)", query)), status, results,
        el("div", { class: "ed-dialog__actions" }, el("button", { type: "button", class: "ed-button", onclick: () => close(null) }, "Đóng")));
        search();
      },
    });
  }

  openLibrary(pos) {
    const query = el("input", { type: "search", autocomplete: "off", lang: "vi" });
    const grid = el("ul", { class: "ed-library", "aria-label": "Ảnh trong thư viện" });
    const status = el("p", { class: "ed-hint", role: "status" });
    const more = el("button", { type: "button", class: "ed-button", hidden: true }, "Xem thêm ảnh");
    const chosen = new Map();
    openDialog({
      title: "Chọn từ thư viện",
      className: "ed-dialog--wide",
      returnTo: () => this.view.focus(),
      build: (dialog, close) => {
        const insert = el("button", { type: "button", class: "ed-button ed-button--primary", disabled: true, onclick: () => {
          if (!chosen.size) return;
          this.addPhotos(Array.from(chosen.values()), pos);
          close(true);
        } }, "Chèn ảnh đã chọn");
        let page = 1;
        let timer = null;
        let asked = 0;
        const show = (photos, append) => {
          const items = photos.map((photo) => {
            const label = photo.alt || photo.caption || `Ảnh số ${photo.id}`;
            const pick = el("button", { type: "button", class: "ed-library__pick", "aria-pressed": chosen.has(photo.id) ? "true" : "false",
              "data-photo": photo.id, onclick: () => {
                if (chosen.has(photo.id)) chosen.delete(photo.id);
                else chosen.set(photo.id, photo);
                pick.setAttribute("aria-pressed", chosen.has(photo.id) ? "true" : "false");
                insert.disabled = !chosen.size;
                insert.textContent = chosen.size ? `Chèn ${chosen.size} ảnh đã chọn` : "Chèn ảnh đã chọn";
              } },
            el("img", { src: photo.thumb, alt: "", loading: "lazy", width: photo.width || null, height: photo.height || null }),
            el("span", { class: "ed-library__caption", text: label }),
            photo.credit ? el("span", { class: "ed-library__credit", text: `Ảnh: ${photo.credit}` }) : null);
            return el("li", {}, pick);
          });
          if (append) grid.append(...items);
          else grid.replaceChildren(...items);
        };
        const search = async (append = false) => {
          const number = ++asked;
          page = append ? page + 1 : 1;
          status.textContent = "Đang tìm…";
          try {
            const data = await this.server.get("library", { q: query.value.trim(), page });
            if (number !== asked) return;
            show(data.results, append);
            more.hidden = !data.more;
            status.textContent = grid.children.length ? `${grid.children.length} ảnh${data.more ? " (còn nữa)" : ""}` : "Không có ảnh nào khớp.";
          } catch (e) {
            if (number === asked) status.textContent = e.message;
          }
        };
        more.addEventListener("click", () => search(true));
        query.addEventListener("input", () => {
          clearTimeout(timer);
          timer = setTimeout(() => search(false), 250);
        });
        dialog.append(el("form", { class: "ed-dialog__form", novalidate: true, onsubmit: (event) => {
          event.preventDefault();
          clearTimeout(timer);
          search(false);
        } }, field("Tìm ảnh theo mô tả, chú thích, nguồn (không cần dấu: “dong phu” tìm ra “Đồng Phú”)", query)),
        status, grid, more,
        el("div", { class: "ed-dialog__actions" }, insert,
          el("button", { type: "button", class: "ed-button", onclick: () => close(null) }, "Hủy")));
        search(false);
      },
    });
  }
}

function start() {
  const textarea = document.querySelector("form textarea[name=body][data-editor=body]");
  if (!textarea || textarea.form === null || textarea.dataset.editorStarted) return;
  textarea.dataset.editorStarted = "1";
  let data = {};
  const script = document.getElementById("body-editor-data");
  if (script) {
    try {
      data = JSON.parse(script.textContent) || {};
    } catch (e) {
      data = {};
    }
  }
  window.newsroomBodyEditor = new BodyEditor(textarea, data);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();

export { NodeSelection, formatSize };
