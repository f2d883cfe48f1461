// Node views for the blocks that are not text: photos (a photo or a gallery, its caption, credit
// and alt text edited right under each photo, uploads with their progress), video, attachment,
// related article, and a block this editor cannot read. Each has a bar with its name and buttons
// to move it up or down (Alt+↑/↓ too) and remove it; the whole block can also be dragged.
import { NodeSelection } from "prosemirror-state";
import { deleteBlockAt, moveBlock } from "./commands.js";
import { el, formatSize } from "./ui.js";

let fieldCount = 0;

function button(label, onClick, attrs = {}) {
  return el("button", { type: "button", class: "ed-button", ...attrs, onclick: (event) => {
    event.preventDefault();
    onClick(event);
  } }, label);
}

class BlockView {
  constructor(node, view, getPos, ctx, { className, label }) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.ctx = ctx;
    this.label = el("span", { class: "ed-block__label" });
    this.body = el("div", { class: "ed-block__body" });
    const bar = el("div", { class: "ed-block__bar" },
      el("span", { class: "ed-block__grip", "aria-hidden": "true", title: "Kéo để di chuyển khối", text: "⠿" }),
      this.label,
      el("span", { class: "ed-block__tools" },
        button("↑", () => this.move(-1), { "aria-label": "Đưa khối lên", title: "Đưa khối lên (Alt+↑)" }),
        button("↓", () => this.move(1), { "aria-label": "Đưa khối xuống", title: "Đưa khối xuống (Alt+↓)" }),
        ...this.tools(),
        button("✕", () => this.remove(), { "aria-label": `Xóa khối ${label}`, title: `Xóa khối ${label}` })));
    this.dom = el("div", { class: `ed-block ${className}`, contenteditable: "false", "data-block": node.type.name },
      bar, this.body);
    this.dom.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        this.move(event.key === "ArrowUp" ? -1 : 1, true);
      }
    });
    this.setLabel(label);
    this.render();
  }

  tools() {
    return [];
  }

  setLabel(text) {
    this.label.textContent = text;
  }

  move(direction, keepFocus = false) {
    const active = document.activeElement;
    const marker = active && this.dom.contains(active) ? active.getAttribute("data-focus-key") : null;
    moveBlock(this.view.state, this.view.dispatch, this.getPos(), direction);
    if (keepFocus && marker) {
      const again = this.dom.querySelector(`[data-focus-key="${marker}"]`);
      if (again) again.focus();
    } else if (!keepFocus) {
      this.view.focus();
    }
  }

  remove() {
    deleteBlockAt(this.view.state, this.view.dispatch, this.getPos());
    this.view.focus();
  }

  setAttrs(attrs) {
    this.ownChange = true;
    const pos = this.getPos();
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...this.node.attrs, ...attrs }));
    this.ownChange = false;
  }

  update(node) {
    if (node.type !== this.node.type) return false;
    const old = this.node;
    this.node = node;
    if (!this.ownChange && old.attrs !== node.attrs) this.render();
    return true;
  }

  selectNode() {
    this.dom.classList.add("ed-block--selected");
  }

  deselectNode() {
    this.dom.classList.remove("ed-block--selected");
  }

  stopEvent(event) {
    const target = event.target;
    return !!(target && target.closest && target.closest("input, button, textarea, select, a, label"));
  }

  ignoreMutation() {
    return true;
  }

  textInput(labelText, value, onInput, { key, hint, required } = {}) {
    const id = `ed-in-${++fieldCount}`;
    const input = el("input", { type: "text", id, class: "ed-input", value: value || "", "data-focus-key": key,
      "aria-required": required ? "true" : null, lang: "vi" });
    input.value = value || "";
    input.addEventListener("input", () => onInput(input.value));
    // Enter in a caption must not submit the article form (implicit submission).
    input.addEventListener("keydown", (event) => { if (event.key === "Enter" && !event.isComposing) event.preventDefault(); });
    const parts = [el("label", { for: id }, labelText, hint ? el("span", { class: "ed-hint", text: ` (${hint})` }) : null), input];
    return el("div", { class: "ed-field" }, ...parts);
  }
}

export class PhotosView extends BlockView {
  constructor(node, view, getPos, ctx) {
    super(node, view, getPos, ctx, { className: "ed-photos", label: "ảnh" });
  }

  tools() {
    return [
      button("+ Ảnh", () => this.ctx.pickFiles((files) => this.ctx.addUploadsTo(this.getPos(), files)),
        { "aria-label": "Thêm ảnh vào khối này", title: "Thêm ảnh vào khối này" }),
      button("Thư viện", () => this.ctx.openLibrary(this.getPos()),
        { "aria-label": "Thêm ảnh từ thư viện vào khối này", title: "Chọn từ thư viện" }),
    ];
  }

  render() {
    (this.unsubscribe || []).forEach((off) => off());
    this.unsubscribe = [];
    const items = this.node.attrs.items;
    const photos = items.filter((item) => item.photo || item.slot).length;
    this.setLabel(photos > 1 ? `Bộ ảnh (${photos} ảnh)` : "Ảnh");
    this.dom.classList.toggle("ed-photos--gallery", items.length > 1);
    this.body.replaceChildren(el("ul", { class: "ed-photos__items" }, items.map((item, index) => this.renderItem(item, index))));
  }

  renderItem(item, index) {
    const last = this.node.attrs.items.length - 1;
    if (item.upload) {
      const entry = this.ctx.uploads.get(item.upload);
      const progress = el("progress", { max: "100", value: String(Math.round(((entry && entry.progress) || 0) * 100)),
        "aria-label": `Đang tải lên ${entry ? entry.name : ""}` });
      const status = el("span", { class: "ed-photo__status", text: entry ? `Đang tải lên “${entry.name}”…` : "Đang tải lên…" });
      if (entry) {
        this.unsubscribe.push(this.ctx.uploads.subscribe(item.upload, (e) => {
          progress.value = Math.round(e.progress * 100);
          status.textContent = `Đang tải lên “${e.name}”: ${Math.round(e.progress * 100)}%`;
        }));
      }
      return el("li", { class: "ed-photo ed-photo--uploading", "data-upload": item.upload }, status, progress);
    }
    if (item.error) {
      return el("li", { class: "ed-photo ed-photo--error", role: "alert" },
        el("p", { class: "ed-photo__error", text: item.error }),
        button("Bỏ thông báo", () => this.removeItem(index), { "aria-label": `Bỏ thông báo lỗi của ${item.name || "ảnh"}` }));
    }
    const info = this.ctx.photoInfo(item.photo);
    const picture = info && info.thumb
      ? el("img", { src: info.thumb, alt: "", class: "ed-photo__img", width: info.width || null, height: info.height || null, loading: "lazy" })
      : el("span", { class: "ed-photo__missing", text: item.photo ? `Ảnh số ${item.photo}` : "Ảnh chưa có tệp" });
    const key = `${item.slot || "p" + item.photo}-${index}`;
    const change = (field) => (value) => {
      if (field === "alt" && item.photo) {
        // The alt text is the photo's own (Photo.alt_text): every place that shows this photo says the same.
        this.ownChange = true;
        this.ctx.setPhotoAlt(item.photo, value);
        this.ownChange = false;
        return;
      }
      const items = this.node.attrs.items.map((it, i) => (i === index ? { ...it, [field]: value } : it));
      this.setAttrs({ items });
    };
    return el("li", { class: "ed-photo", "data-photo": item.photo || "" },
      el("div", { class: "ed-photo__picture" }, picture),
      el("div", { class: "ed-photo__fields" },
        item.reused ? el("p", { class: "ed-hint", text: "Ảnh này đã có trong thư viện: dùng lại ảnh cũ, không tạo bản sao." }) : null,
        this.textInput("Chú thích", item.caption, change("caption"), { key: `${key}-caption` }),
        this.textInput("Nguồn ảnh", item.credit, change("credit"), { key: `${key}-credit`, hint: "tác giả, hãng ảnh" }),
        this.textInput("Mô tả ảnh (alt)", item.alt, change("alt"), { key: `${key}-alt`, hint: "cho người khiếm thị; bắt buộc khi đăng", required: true })),
      el("div", { class: "ed-photo__tools" },
        button("←", () => this.moveItem(index, -1), { "aria-label": "Chuyển ảnh lên trước", title: "Chuyển ảnh lên trước", disabled: index === 0 }),
        button("→", () => this.moveItem(index, 1), { "aria-label": "Chuyển ảnh ra sau", title: "Chuyển ảnh ra sau", disabled: index === last }),
        button("Bỏ ảnh", () => this.removeItem(index), { "aria-label": "Bỏ ảnh này khỏi bài" })));
  }

  moveItem(index, direction) {
    const items = this.node.attrs.items.slice();
    const target = index + direction;
    if (target < 0 || target >= items.length) return;
    [items[index], items[target]] = [items[target], items[index]];
    this.setAttrs({ items });
    this.render();
  }

  removeItem(index) {
    const items = this.node.attrs.items.filter((_, i) => i !== index);
    if (!items.length) {
      this.remove();
      return;
    }
    this.setAttrs({ items });
    this.render();
  }

  destroy() {
    (this.unsubscribe || []).forEach((off) => off());
  }
}

export class VideoView extends BlockView {
  constructor(node, view, getPos, ctx) {
    super(node, view, getPos, ctx, { className: "ed-video", label: "video" });
  }

  render() {
    this.setLabel("Video");
    const url = this.node.attrs.url;
    this.body.replaceChildren(
      el("p", { class: "ed-video__url" }, el("a", { href: url, target: "_blank", rel: "noopener", text: url })),
      this.textInput("Chú thích video", this.node.attrs.caption, (value) => this.setAttrs({ caption: value }), { key: "caption" }));
  }
}

export class AttachmentView extends BlockView {
  constructor(node, view, getPos, ctx) {
    super(node, view, getPos, ctx, { className: "ed-attachment", label: "tệp đính kèm" });
  }

  render() {
    this.setLabel("Tệp đính kèm");
    const info = this.ctx.attachmentInfo(this.node.attrs.file) || {};
    this.body.replaceChildren(
      el("p", { class: "ed-attachment__file", text: info.file_name ? `${info.file_name} · ${formatSize(info.size)}` : `Tệp số ${this.node.attrs.file}` }),
      this.textInput("Tên tệp hiện cho bạn đọc", this.node.attrs.title, (value) => this.setAttrs({ title: value }), { key: "title" }));
  }
}

export class RelatedView extends BlockView {
  constructor(node, view, getPos, ctx) {
    super(node, view, getPos, ctx, { className: "ed-related", label: "bài liên quan" });
  }

  tools() {
    return [button("Đổi bài", () => this.ctx.openRelated(this.getPos()), { "aria-label": "Đổi bài liên quan" })];
  }

  render() {
    this.setLabel("Bài liên quan");
    const info = this.ctx.relatedInfo(this.node.attrs.article);
    this.body.replaceChildren(el("p", { class: "ed-related__title" },
      info ? el("strong", { text: info.title }) : `Bài số ${this.node.attrs.article}`,
      info && info.status ? el("span", { class: "ed-related__status", text: ` · ${info.status}` }) : null));
  }
}

export class RawView extends BlockView {
  constructor(node, view, getPos, ctx) {
    super(node, view, getPos, ctx, { className: "ed-raw", label: "khối khác" });
  }

  render() {
    const block = this.node.attrs.block || {};
    this.setLabel(`Khối “${block.type || "?"}”`);
    this.body.replaceChildren(el("p", { class: "ed-hint",
      text: "Trình soạn thảo không sửa được khối này; nó được giữ nguyên khi lưu." }));
  }
}

export function nodeViews(ctx) {
  const make = (View) => (node, view, getPos) => new View(node, view, getPos, ctx);
  return {
    photos: make(PhotosView),
    video: make(VideoView),
    attachment: make(AttachmentView),
    related: make(RelatedView),
    raw: make(RawView),
  };
}

export { NodeSelection };
