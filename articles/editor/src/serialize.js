// The document <-> the stored JSON blocks (docs/developers.md "The body (a contract)").
//
// doc -> blocks runs on every change, so each top-level node's block is cached by node (ProseMirror
// nodes are immutable and shared between versions of the document: only changed blocks are redone).
// Photos go out in the editor's `items` shape; the server turns them into slots (the contract).
import { DOMParser as PMDOMParser, DOMSerializer, Fragment } from "prosemirror-model";
import { TableMap } from "prosemirror-tables";
import { schema } from "./schema.js";

const serializer = DOMSerializer.fromSchema(schema);
const parser = PMDOMParser.fromSchema(schema);
const detached = document.implementation.createHTMLDocument("");
const cache = new WeakMap();

export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    try {
      return window.crypto.randomUUID();
    } catch (e) { /* not a secure context: below */ }
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function inlineHTML(fragment) {
  const div = detached.createElement("div");
  div.appendChild(serializer.serializeFragment(fragment, { document: detached }));
  // Trailing line breaks are Chromium's placeholders, not text.
  // Spaces around a line break show as nothing.
  return div.innerHTML.replace(/\u00a0/g, " ").replace(/&nbsp;/g, " ").replace(/(<br>\s*)+$/, "")
    .replace(/ +<br>/g, "<br>").replace(/<br> +/g, "<br>").trim();
}

function plain(node) {
  return node.textContent.replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim();
}

function hasText(node) {
  return node.textContent.replace(/[\u00a0\s]/g, "") !== "";
}

function tableValue(tableBlock) {
  const table = tableBlock.child(0);
  const map = TableMap.get(table);
  const seen = new Set();
  const rows = [];
  let header = table.childCount > 0;
  for (let r = 0; r < map.height; r++) {
    const row = [];
    for (let c = 0; c < map.width; c++) {
      const offset = map.map[r * map.width + c];
      const cell = table.nodeAt(offset);
      if (seen.has(offset) || !cell) {
        row.push("");  // the rest of a merged cell: the stored table has none
        continue;
      }
      seen.add(offset);
      if (r === 0 && cell.type !== schema.nodes.table_header) header = false;
      row.push(inlineHTML(cell.content));
    }
    rows.push(row);
  }
  return { caption: plain(tableBlock.child(1)), header, rows };
}

/** The stored block of one top-level node, or null when it holds nothing to keep. */
function blockOf(node) {
  const id = node.attrs.id;
  const make = (type, value) => ({ id, type, value });
  switch (node.type.name) {
    case "paragraph":
      return hasText(node) ? make("paragraph", inlineHTML(node.content)) : null;
    case "heading":
      return hasText(node) ? make("heading", { level: node.attrs.level === 3 ? 3 : 2, text: plain(node) }) : null;
    case "bullet_list":
    case "ordered_list": {
      const items = [];
      node.forEach((item) => { if (hasText(item)) items.push(inlineHTML(item.firstChild.content)); });
      return items.length ? make("list", { style: node.type.name === "bullet_list" ? "bullet" : "number", items }) : null;
    }
    case "quote":
      if (!hasText(node)) return null;
      return make("quote", { text: inlineHTML(node.child(0).content), cite: plain(node.child(1)) });
    case "box":
      if (!hasText(node)) return null;
      return make("box", { title: plain(node.child(0)), text: inlineHTML(node.child(1).content) });
    case "table_block":
      return make("table", tableValue(node));
    case "photos": {
      const items = node.attrs.items.filter((item) => item.slot || item.photo).map((item) => ({
        slot: item.slot || null, photo: item.photo || null, caption: item.caption || "",
        credit: item.credit || "", alt: item.alt || "",
      }));
      return items.length ? make("photos", { items }) : null;
    }
    case "video":
      return node.attrs.url ? make("video", { url: node.attrs.url, caption: node.attrs.caption || "" }) : null;
    case "attachment":
      return node.attrs.file ? make("attachment", { file: node.attrs.file, title: node.attrs.title || "" }) : null;
    case "related":
      return node.attrs.article ? make("related", { article: node.attrs.article }) : null;
    case "raw":
      return node.attrs.block;
    default:
      return null;
  }
}

/** The body's blocks, in the stored shape (photos as items). */
export function docToBlocks(doc) {
  const blocks = [];
  doc.forEach((node) => {
    let block = cache.get(node);
    if (block === undefined) {
      block = blockOf(node);
      cache.set(node, block);
    }
    if (block) blocks.push(block);
  });
  return blocks;
}

function inline(html, type, attrs = null) {
  const div = detached.createElement("div");
  div.innerHTML = html || "";
  return parser.parse(div, { topNode: type.create(attrs) });
}

function text(value) {
  const clean = String(value || "").trim();
  return clean ? schema.text(clean) : null;
}

function photoItems(value, data) {
  if (Array.isArray(value.items)) {
    return value.items.filter((item) => item && (item.slot || item.photo)).map((item) => ({
      slot: item.slot || null, photo: item.photo || null, caption: item.caption || "",
      credit: item.credit || "", alt: item.alt || "",
    }));
  }
  return (value.slots || []).map((slot) => {
    const known = (data.slots || {})[String(slot)] || {};
    return { slot, photo: known.photo || null, caption: known.caption || "", credit: known.credit || "", alt: known.alt || "" };
  });
}

function nodeOf(block, data) {
  const n = schema.nodes;
  const value = block.value;
  const id = typeof block.id === "string" && block.id ? block.id : null;
  switch (block.type) {
    case "paragraph":
      return inline(value, n.paragraph, { id });
    case "heading":
      return n.heading.create({ id, level: value.level === 3 ? 3 : 2 }, text(value.text));
    case "list":
      return (value.style === "number" ? n.ordered_list : n.bullet_list).create({ id },
        (value.items || []).map((item) => n.list_item.create(null, inline(item, n.paragraph))));
    case "quote":
      return n.quote.create({ id }, [inline(value.text, n.quote_text), n.quote_cite.create(null, text(value.cite))]);
    case "box":
      return n.box.create({ id }, [n.box_title.create(null, text(value.title)), inline(value.text, n.box_text)]);
    case "table": {
      const rows = (value.rows || []).map((row, r) => n.table_row.create(null, row.map((cell) =>
        inline(cell, r === 0 && value.header ? n.table_header : n.table_cell))));
      return n.table_block.create({ id }, [n.table.create(null, rows), n.table_caption.create(null, text(value.caption))]);
    }
    case "photos":
      return n.photos.create({ id, items: photoItems(value, data) });
    case "video":
      return n.video.create({ id, url: value.url || "", caption: value.caption || "" });
    case "attachment":
      return n.attachment.create({ id, file: value.file, title: value.title || "" });
    case "related":
      return n.related.create({ id, article: value.article });
    default:
      return n.raw.create({ id, block });
  }
}

/** The document for stored (or posted) blocks; a block that cannot be read is kept as it is. */
export function blocksToDoc(blocks, data) {
  const nodes = [];
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!block || typeof block !== "object") continue;
    let node;
    try {
      node = nodeOf(block, data);
      node.check();
    } catch (e) {
      node = schema.nodes.raw.create({ id: block.id || null, block });
    }
    if (!node.attrs.id) node = node.type.create({ ...node.attrs, id: uuid() }, node.content, node.marks);
    nodes.push(node);
  }
  if (!nodes.length || nodes[nodes.length - 1].type !== schema.nodes.paragraph) nodes.push(schema.nodes.paragraph.create());
  return schema.nodes.doc.create(null, Fragment.from(nodes));
}

/** The textarea's text as blocks: JSON, or (without the editor, typed) plain paragraphs. */
export function readSource(value) {
  const textValue = (value || "").trim();
  if (!textValue) return [];
  if (textValue.startsWith("[")) {
    try {
      const parsed = JSON.parse(textValue);
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return null;
    }
  }
  // Plain text typed before the editor started: its paragraphs.
  return textValue.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => {
    const div = detached.createElement("div");
    div.textContent = p.replace(/\s+/g, " ");
    return { id: null, type: "paragraph", value: div.innerHTML };
  });
}
