// The editor's schema: one node per stored block type (docs/developers.md "The body (a contract)").
//
// Top-level nodes carry the block's `id` as an attribute (revisions diff blocks by id); the
// nodes inside them (list items, cells, captions) have none. Inline content is exactly what
// articles/body.py accepts: text with strong, em, u, s, sub, sup, links (href) and line breaks.
import { Schema } from "prosemirror-model";
import { tableNodes } from "prosemirror-tables";

const blockId = { id: { default: null } };

const tables = tableNodes({ cellContent: "inline*", cellAttributes: {} });

const nodes = {
  doc: { content: "block+" },
  paragraph: {
    group: "block",
    content: "inline*",
    attrs: blockId,
    parseDOM: [{ tag: "p" }],
    toDOM: () => ["p", 0],
  },
  heading: {
    group: "block",
    content: "text*",
    marks: "",
    defining: true,
    attrs: { ...blockId, level: { default: 2 } },
    parseDOM: [
      { tag: "h1", attrs: { level: 2 } },
      { tag: "h2", attrs: { level: 2 } },
      { tag: "h3", attrs: { level: 3 } },
      { tag: "h4", attrs: { level: 3 } },
      { tag: "h5", attrs: { level: 3 } },
      { tag: "h6", attrs: { level: 3 } },
    ],
    toDOM: (node) => ["h" + node.attrs.level, 0],
  },
  bullet_list: {
    group: "block",
    content: "list_item+",
    attrs: blockId,
    parseDOM: [{ tag: "ul" }],
    toDOM: () => ["ul", 0],
  },
  ordered_list: {
    group: "block",
    content: "list_item+",
    attrs: blockId,
    parseDOM: [{ tag: "ol" }],
    toDOM: () => ["ol", 0],
  },
  // One paragraph per item: the stored list has no nested lists.
  list_item: {
    content: "paragraph",
    defining: true,
    parseDOM: [{ tag: "li" }],
    toDOM: () => ["li", 0],
  },
  quote: {
    group: "block",
    content: "quote_text quote_cite",
    attrs: blockId,
    defining: true,
    isolating: true,
    parseDOM: [{ tag: "blockquote" }],
    toDOM: () => ["blockquote", { class: "ed-quote" }, 0],
  },
  quote_text: {
    content: "inline*",
    parseDOM: [{ tag: "p", context: "quote/", priority: 60 }],
    toDOM: () => ["p", { class: "ed-quote__text" }, 0],
  },
  quote_cite: {
    content: "text*",
    marks: "",
    parseDOM: [{ tag: "cite", context: "quote/" }, { tag: "footer", context: "quote/" }],
    toDOM: () => ["p", { class: "ed-quote__cite", "data-placeholder": "Người nói (có thể để trống)" }, 0],
  },
  box: {
    group: "block",
    content: "box_title box_text",
    attrs: blockId,
    defining: true,
    isolating: true,
    parseDOM: [{ tag: "aside" }],
    toDOM: () => ["aside", { class: "ed-box" }, 0],
  },
  box_title: {
    content: "text*",
    marks: "",
    parseDOM: [{ tag: "h2", context: "box/", priority: 60 }, { tag: "h3", context: "box/", priority: 60 }],
    toDOM: () => ["p", { class: "ed-box__title", "data-placeholder": "Tiêu đề hộp (có thể để trống)" }, 0],
  },
  box_text: {
    content: "inline*",
    parseDOM: [{ tag: "p", context: "box/", priority: 60 }],
    toDOM: () => ["p", { class: "ed-box__text", "data-placeholder": "Nội dung hộp thông tin" }, 0],
  },
  // A table and its caption (below it): prosemirror-tables wants the table's children to be rows.
  table_block: {
    group: "block",
    content: "table table_caption",
    attrs: blockId,
    isolating: true,
    parseDOM: [{ tag: "figure.ed-table" }],
    toDOM: () => ["figure", { class: "ed-table" }, 0],
  },
  table: { ...tables.table, group: undefined },
  table_row: tables.table_row,
  table_cell: tables.table_cell,
  table_header: tables.table_header,
  table_caption: {
    content: "text*",
    marks: "",
    parseDOM: [{ tag: "figcaption", context: "table_block/" }],
    toDOM: () => ["figcaption", { class: "ed-table__caption", "data-placeholder": "Chú thích bảng (có thể để trống)" }, 0],
  },
  // Photos (one = a photo, several = a gallery). items: [{slot, photo, caption, credit, alt}] or,
  // while a file goes up, {upload: key}; after a refused upload, {error, name}.
  photos: {
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    attrs: { ...blockId, items: { default: [] } },
    parseDOM: [
      {
        tag: "figure[data-photos]",
        getAttrs: (dom) => {
          let items = [];
          try {
            items = JSON.parse(dom.getAttribute("data-photos") || "[]");
          } catch (e) {
            return false;
          }
          // A copy is a copy: new slots with the same photos.
          items = items.filter((item) => item && item.photo).map((item) => ({ ...item, slot: null }));
          return items.length ? { items } : false;
        },
      },
      {
        tag: "img[data-upload-key]",
        getAttrs: (dom) => ({ items: [{ upload: dom.getAttribute("data-upload-key") }] }),
      },
    ],
    toDOM: (node) => ["figure", {
      "data-photos": JSON.stringify(node.attrs.items.filter((item) => item.photo)),
    }],
  },
  video: {
    group: "block",
    atom: true,
    draggable: true,
    attrs: { ...blockId, url: { default: "" }, caption: { default: "" } },
    parseDOM: [{
      tag: "figure[data-video]",
      getAttrs: (dom) => ({ url: dom.getAttribute("data-video"), caption: dom.getAttribute("data-caption") || "" }),
    }],
    toDOM: (node) => ["figure", { "data-video": node.attrs.url, "data-caption": node.attrs.caption }],
  },
  attachment: {
    group: "block",
    atom: true,
    draggable: true,
    attrs: { ...blockId, file: { default: null }, title: { default: "" } },
    parseDOM: [{
      tag: "figure[data-attachment]",
      getAttrs: (dom) => ({ file: Number(dom.getAttribute("data-attachment")) || null, title: dom.getAttribute("data-title") || "" }),
    }],
    toDOM: (node) => ["figure", { "data-attachment": String(node.attrs.file), "data-title": node.attrs.title }],
  },
  related: {
    group: "block",
    atom: true,
    draggable: true,
    attrs: { ...blockId, article: { default: null } },
    parseDOM: [{
      tag: "figure[data-related]",
      getAttrs: (dom) => ({ article: Number(dom.getAttribute("data-related")) || null }),
    }],
    toDOM: (node) => ["figure", { "data-related": String(node.attrs.article) }],
  },
  // A stored block this editor cannot read (kept and posted back as it was).
  raw: {
    group: "block",
    atom: true,
    attrs: { ...blockId, block: { default: null } },
    parseDOM: [],
    toDOM: () => ["div", { class: "ed-raw" }],
  },
  text: { group: "inline" },
  hard_break: {
    inline: true,
    group: "inline",
    selectable: false,
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
};

// Mark order is nesting order in the stored HTML: a link outside, then the others.
const marks = {
  link: {
    attrs: { href: {} },
    inclusive: false,
    parseDOM: [{ tag: "a[href]", getAttrs: (dom) => ({ href: dom.getAttribute("href") }) }],
    toDOM: (mark) => ["a", { href: mark.attrs.href }, 0],
  },
  strong: {
    parseDOM: [
      { tag: "strong" },
      { tag: "b", getAttrs: (dom) => dom.style.fontWeight !== "normal" && null },
    ],
    toDOM: () => ["strong", 0],
  },
  em: {
    parseDOM: [{ tag: "em" }, { tag: "i" }],
    toDOM: () => ["em", 0],
  },
  u: {
    parseDOM: [{ tag: "u" }],
    toDOM: () => ["u", 0],
  },
  s: {
    parseDOM: [{ tag: "s" }, { tag: "strike" }],
    toDOM: () => ["s", 0],
  },
  sub: {
    excludes: "sup",
    parseDOM: [{ tag: "sub" }],
    toDOM: () => ["sub", 0],
  },
  sup: {
    excludes: "sub",
    parseDOM: [{ tag: "sup" }],
    toDOM: () => ["sup", 0],
  },
};

export const schema = new Schema({ nodes, marks });

// The top-level node types that are blocks of the stored body.
export const BLOCK_TYPES = {
  paragraph: "paragraph",
  heading: "heading",
  bullet_list: "list",
  ordered_list: "list",
  quote: "quote",
  box: "box",
  table_block: "table",
  photos: "photos",
  video: "video",
  attachment: "attachment",
  related: "related",
  raw: "raw",
};
