// Pasted HTML from Word, Google Docs, LibreOffice and web pages, cleaned to what the body keeps:
// paragraphs, headings, bold/italic/underline/strike/sub/sup, links, lists and tables. Fonts,
// colours, sizes, classes, Word's mso- styles and <o:p>, comments, tracked changes, empty
// paragraphs and Google Docs' wrappers go. Styles that mean something (Docs writes bold as
// span style="font-weight:700") become tags first. The result has no style attribute left, so
// ProseMirror's parser (with the schema's parse rules) sees only plain, meaningful markup.

const DROP = "script,style,noscript,template,iframe,object,embed,svg,math,canvas,video,audio,picture source," +
  "link,meta,title,base,head,nav,button,input,select,textarea,option,form,label,dialog,map,area";
const UNWRAP_BLOCKS_IN_CELL = "p,div,h1,h2,h3,h4,h5,h6,blockquote,li,ul,ol,section,article,header,footer,pre";
const INLINE = new Set(["SPAN", "FONT", "A", "B", "STRONG", "I", "EM", "U", "S", "STRIKE", "SUB", "SUP", "SMALL",
  "BIG", "MARK", "CODE", "KBD", "SAMP", "VAR", "ABBR", "CITE", "Q", "TIME", "DATA", "BDI", "BDO", "INS"]);
const KEEP_TAGS = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "TABLE", "THEAD", "TBODY",
  "TFOOT", "TR", "TD", "TH", "BLOCKQUOTE", "STRONG", "EM", "U", "S", "SUB", "SUP", "A", "BR", "IMG", "DIV"]);
const RENAME = { B: "strong", I: "em", STRIKE: "s", SECTION: "div", ARTICLE: "div", MAIN: "div",
  HEADER: "div", FOOTER: "div", CENTER: "div", ASIDE: "div", FIGURE: "div", FIGCAPTION: "p", PRE: "p", ADDRESS: "p",
  DT: "p", DD: "p", DL: "div", CAPTION: "p" };
const BLOCK = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "TABLE", "BLOCKQUOTE", "DIV",
  "TR", "TD", "TH", "THEAD", "TBODY", "TFOOT", "BODY"]);

const SAFE_HREF = /^(https?:|mailto:|tel:|\/(?![\/\\]))/i;

// Parsing pasted HTML in a DOMParser document still reports every style and on* attribute to the
// page's CSP (blocked, but logged as violations): they are renamed before parsing (data-style,
// data-on*), <style> and <script> elements cut out, and styles read from the renamed attribute.
const TAG = /<[a-zA-Z][^\s/>]*(?:\s+(?:"[^"]*"|'[^']*'|[^'">\s])*)*\/?>/g;

function defuse(html) {
  return html
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(TAG, (tag) => tag.replace(/(\s)(style|on[a-z]+)(\s*=)/gi, (_m, space, name, eq) =>
      `${space}data-${name.toLowerCase() === "style" ? "style" : "on"}${eq}`));
}

const styleCache = new WeakMap();

function styles(el) {
  let parsed = styleCache.get(el);
  if (!parsed) {
    parsed = {};
    for (const part of (el.getAttribute("data-style") || "").split(";")) {
      const colon = part.indexOf(":");
      if (colon > 0) parsed[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim().toLowerCase();
    }
    styleCache.set(el, parsed);
  }
  return parsed;
}

function styleOf(el, name) {
  return styles(el)[name] || "";
}

function unwrap(el) {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

function rename(el, tag) {
  const doc = el.ownerDocument;
  const replacement = doc.createElement(tag);
  for (const attr of Array.from(el.attributes)) replacement.setAttribute(attr.name, attr.value);
  while (el.firstChild) replacement.appendChild(el.firstChild);
  el.parentNode.replaceChild(replacement, el);
  return replacement;
}

function wrapChildren(el, tag) {
  const wrapper = el.ownerDocument.createElement(tag);
  while (el.firstChild) wrapper.appendChild(el.firstChild);
  el.appendChild(wrapper);
}

function isBold(value) {
  return value === "bold" || value === "bolder" || (/^\d+$/.test(value) && Number(value) >= 600);
}

function textOf(el) {
  return (el.textContent || "").replace(/[\u00a0\u200b\ufeff]/g, " ");
}

function comments(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  return found;
}

// Word's conditional content: <!--[if !supportLists]-->· <!--[endif]--> (a list's typed marker),
// [if !supportAnnotations] (comments), [if !supportLineBreakNewLine]: what is between goes.
// Returns the markers removed from list paragraphs, by paragraph.
function removeWordConditionals(root) {
  const markers = new Map();
  for (const comment of comments(root)) {
    if (!comment.parentNode || !/^\s*\[if !support/i.test(comment.data)) continue;
    // Only up to its [endif] among the same siblings; without one, nothing is removed.
    let end = comment.nextSibling;
    while (end && !(end.nodeType === 8 && /^\s*\[endif\]/i.test(end.data))) end = end.nextSibling;
    if (!end) continue;
    let marker = "";
    let node = comment.nextSibling;
    while (node && node !== end) {
      const next = node.nextSibling;
      marker += node.textContent || "";
      node.parentNode.removeChild(node);
      node = next;
    }
    if (/supportLists/i.test(comment.data)) {
      const paragraph = comment.parentNode.closest ? comment.parentNode.closest("p,li,h1,h2,h3,h4,h5,h6") : null;
      if (paragraph) markers.set(paragraph, marker);
    }
  }
  // Without the comments (some copies keep only the spans), Word marks the marker mso-list:Ignore.
  for (const span of Array.from(root.querySelectorAll("[data-style*='mso-list']"))) {
    if (/mso-list\s*:\s*ignore/i.test(span.getAttribute("data-style") || "") && span.parentNode) {
      const paragraph = span.closest("p,li,h1,h2,h3,h4,h5,h6");
      if (paragraph && !markers.has(paragraph)) markers.set(paragraph, span.textContent || "");
      span.parentNode.removeChild(span);
    }
  }
  for (const comment of comments(root)) comment.parentNode && comment.parentNode.removeChild(comment);
  return markers;
}

function isWordListParagraph(el) {
  if (el.tagName !== "P") return false;
  const cls = el.getAttribute("class") || "";
  const style = el.getAttribute("data-style") || "";
  return /MsoListParagraph/i.test(cls) || /mso-list\s*:\s*l\d/i.test(style);
}

// Word's lists are paragraphs (class MsoListParagraph*, style mso-list:l0 level1 lfo1) with a typed
// marker: consecutive ones become one <ul>/<ol> (numbered when the marker is "1." "a)" "iv.").
function wordLists(root, markers) {
  const doc = root.ownerDocument;
  for (const first of Array.from(root.querySelectorAll("p"))) {
    if (!first.parentNode || !isWordListParagraph(first)) continue;
    if (first.previousElementSibling && isWordListParagraph(first.previousElementSibling)) continue;
    let current = null;
    let style = null;
    let node = first;
    while (node && isWordListParagraph(node)) {
      const next = node.nextElementSibling;
      const marker = (markers.get(node) || "").replace(/[\u00a0\s]+/g, " ").trim();
      const itemStyle = /^\(?([0-9]+|[a-z]|[ivxlcdm]+)[.)]/i.test(marker) ? "ol" : "ul";
      if (!current || itemStyle !== style) {
        current = doc.createElement(itemStyle);
        style = itemStyle;
        node.parentNode.insertBefore(current, node);
      }
      const item = doc.createElement("li");
      while (node.firstChild) item.appendChild(node.firstChild);
      current.appendChild(item);
      node.parentNode.removeChild(node);
      node = next;
    }
  }
}

// Styles that carry meaning become tags; the rest of the style goes with the attribute.
function semanticStyles(root) {
  for (const el of Array.from(root.querySelectorAll("[data-style]"))) {
    const tag = el.tagName;
    const weight = styleOf(el, "font-weight");
    if ((tag === "B" || tag === "STRONG") && (weight === "normal" || weight === "400" || weight === "lighter")) {
      // Google Docs' <b style="font-weight:normal" id="docs-internal-guid-..."> wraps everything: not bold.
      unwrap(el);
      continue;
    }
    if (!INLINE.has(tag) || tag === "B" || tag === "STRONG") continue;
    const inLink = tag === "A" || !!el.closest("a");
    const decoration = styleOf(el, "text-decoration-line") || styleOf(el, "text-decoration");
    const align = styleOf(el, "vertical-align");
    if (isBold(weight)) wrapChildren(el, "strong");
    if (styleOf(el, "font-style") === "italic" || styleOf(el, "font-style") === "oblique") wrapChildren(el, "em");
    if (/underline/.test(decoration) && !inLink) wrapChildren(el, "u");
    if (/line-through/.test(decoration)) wrapChildren(el, "s");
    if (align === "super") wrapChildren(el, "sup");
    if (align === "sub") wrapChildren(el, "sub");
  }
}

function hidden(el) {
  const style = (el.getAttribute("data-style") || "").toLowerCase().replace(/\s+/g, "");
  return el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true" ||
    /display:none|visibility:hidden|mso-hide:all/.test(style);
}

// One block per cell / list item: what was several paragraphs becomes lines (<br>).
function flattenBlocksInside(container) {
  const doc = container.ownerDocument;
  for (const inner of Array.from(container.querySelectorAll(UNWRAP_BLOCKS_IN_CELL))) {
    if (!inner.parentNode) continue;
    const hasText = textOf(inner).trim() !== "" || inner.querySelector("img");
    let before = inner.previousSibling;
    while (before && before.nodeType === 3 && !before.data.trim()) before = before.previousSibling;
    if (hasText && before && before.nodeName !== "BR" && (textOf(before).trim() !== "" || before.nodeName === "IMG")) {
      inner.parentNode.insertBefore(doc.createElement("br"), inner);
    }
    unwrap(inner);
  }
}

function dataImageToFile(src, number) {
  const match = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is.exec(src);
  if (!match) return null;
  let bytes;
  try {
    const binary = atob(match[2].replace(/\s+/g, ""));
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  } catch (e) {
    return null;
  }
  const extension = (match[1].split("/")[1] || "png").replace("jpeg", "jpg").replace(/\+.*/, "");
  return new File([bytes], `anh-dan-${number}.${extension}`, { type: match[1] });
}

/**
 * Clean pasted HTML. `onImage(file)` takes an image that can be uploaded (a data: URL) and returns
 * the key of its upload; the result says how many other images were dropped (they live on another
 * site or on the copier's disk, which the page may not read: the notice says so).
 */
export function cleanPastedHTML(html, { onImage } = {}) {
  const result = { html: "", dropped: 0, uploaded: 0 };
  const doc = new DOMParser().parseFromString(defuse(html), "text/html");
  const body = doc.body;
  if (!body) return result;

  for (const el of Array.from(body.querySelectorAll(DROP))) el.parentNode && el.parentNode.removeChild(el);
  for (const el of Array.from(body.querySelectorAll("*"))) {
    if (el.parentNode && hidden(el)) el.parentNode.removeChild(el);
  }

  // Tracked changes: a deletion is gone, an insertion is plain text. Word's comments go.
  for (const el of Array.from(body.querySelectorAll("del, .msoDel, .MsoCommentReference, .MsoCommentText, " +
    "[data-style*='mso-element:comment'], [data-style*='mso-special-character:comment']"))) {
    el.parentNode && el.parentNode.removeChild(el);
  }
  for (const el of Array.from(body.getElementsByTagName("*"))) {
    if (el.parentNode && el.localName && /^w:del$|^v:/i.test(el.localName)) el.parentNode.removeChild(el);
  }
  for (const el of Array.from(body.querySelectorAll("ins, .msoIns"))) unwrap(el);
  for (const el of Array.from(body.querySelectorAll("[id^='docs-internal-guid']"))) {
    if (el.tagName === "B" || el.tagName === "SPAN" || el.tagName === "DIV") unwrap(el);
  }
  const markers = removeWordConditionals(body);
  wordLists(body, markers);
  semanticStyles(body);

  // Images: uploaded where they were (data: URLs), the others dropped and counted.
  let number = 0;
  for (const img of Array.from(body.querySelectorAll("img"))) {
    const src = img.getAttribute("src") || "";
    const file = /^data:image\//i.test(src) ? dataImageToFile(src, ++number) : null;
    const key = file && onImage ? onImage(file) : null;
    if (key) {
      const marker = doc.createElement("img");
      marker.setAttribute("data-upload-key", key);
      img.parentNode.replaceChild(marker, img);
      result.uploaded += 1;
    } else {
      img.parentNode.removeChild(img);
      result.dropped += 1;
    }
  }

  // Tables: one line of text per cell, no nested tables, no colgroups; captions above as text.
  for (const col of Array.from(body.querySelectorAll("colgroup, col"))) col.parentNode && col.parentNode.removeChild(col);
  for (const cell of Array.from(body.querySelectorAll("td, th"))) {
    for (const nested of Array.from(cell.querySelectorAll("table, tbody, thead, tfoot, tr, td, th"))) unwrap(nested);
    flattenBlocksInside(cell);
  }
  for (const caption of Array.from(body.querySelectorAll("caption"))) {
    const table = caption.closest("table");
    if (table) table.parentNode.insertBefore(caption, table);
  }
  // Lists: items hold one paragraph; nested lists are flattened after their item.
  for (const list of Array.from(body.querySelectorAll("ul ul, ul ol, ol ul, ol ol"))) {
    const item = list.closest("li");
    if (!item || !item.parentNode) continue;
    let after = item;
    for (const child of Array.from(list.children)) {
      if (child.tagName === "LI") {
        after.parentNode.insertBefore(child, after.nextSibling);
        after = child;
      }
    }
    list.parentNode.removeChild(list);
  }
  for (const item of Array.from(body.querySelectorAll("li"))) flattenBlocksInside(item);
  for (const list of Array.from(body.querySelectorAll("ul, ol"))) {
    for (const child of Array.from(list.childNodes)) {
      if (child.nodeType === 1 && child.tagName !== "LI") {
        const item = doc.createElement("li");
        list.replaceChild(item, child);
        item.appendChild(child);
      } else if (child.nodeType === 3 && !child.data.trim()) {
        list.removeChild(child);
      }
    }
  }

  // Tags: the kept set (renamed where they mean the same), every other element unwrapped.
  for (const el of Array.from(body.querySelectorAll("*"))) {
    if (!el.parentNode) continue;
    let current = el;
    const renamed = RENAME[el.tagName];
    if (renamed) current = rename(el, renamed);
    if (!KEEP_TAGS.has(current.tagName)) {
      unwrap(current);
      continue;
    }
    for (const attr of Array.from(current.attributes)) {
      const name = attr.name.toLowerCase();
      const keep = (current.tagName === "A" && name === "href") ||
        (current.tagName === "IMG" && name === "data-upload-key") ||
        ((current.tagName === "TD" || current.tagName === "TH") && (name === "colspan" || name === "rowspan"));
      if (!keep) current.removeAttribute(attr.name);
    }
    if (current.tagName === "A") {
      const href = (current.getAttribute("href") || "").trim();
      if (!SAFE_HREF.test(href)) unwrap(current);
    }
  }

  // Empty paragraphs and line breaks between blocks (Docs puts a <br> between paragraphs) go.
  for (const br of Array.from(body.querySelectorAll("br"))) {
    if (br.parentNode && BLOCK.has(br.parentNode.tagName) && !["P", "LI", "TD", "TH", "H1", "H2", "H3", "H4", "H5",
      "H6"].includes(br.parentNode.tagName)) {
      br.parentNode.removeChild(br);
    }
  }
  for (const el of Array.from(body.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, div, blockquote, ul, ol"))) {
    if (el.parentNode && !textOf(el).trim() && !el.querySelector("img, table")) el.parentNode.removeChild(el);
  }
  for (const block of Array.from(body.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, th"))) {
    // Line breaks at the start or end of a block are Word's and Docs' spacing, not the writer's.
    while (block.lastChild && (block.lastChild.nodeName === "BR" ||
      (block.lastChild.nodeType === 3 && !block.lastChild.data.trim()))) block.removeChild(block.lastChild);
    while (block.firstChild && block.firstChild.nodeName === "BR") block.removeChild(block.firstChild);
  }
  result.html = body.innerHTML.replace(/\u00a0/g, " ");
  return result;
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

/** Plain text as paragraphs (at blank lines), lines kept as line breaks, bare addresses as links. */
export function plainTextParagraphs(text) {
  return text.replace(/\r\n?/g, "\n").split(/\n[ \t\u00a0]*\n/).map((paragraph) => paragraph.trim())
    .filter(Boolean).map((paragraph) => paragraph.split("\n").map((line) => {
      const parts = [];
      let last = 0;
      for (const match of line.matchAll(URL_PATTERN)) {
        if (match.index > last) parts.push({ text: line.slice(last, match.index) });
        const href = match[0].startsWith("www.") ? "https://" + match[0] : match[0];
        parts.push({ text: match[0], href });
        last = match.index + match[0].length;
      }
      if (last < line.length) parts.push({ text: line.slice(last) });
      return parts;
    }));
}

export function bareUrl(text) {
  const value = (text || "").trim();
  return /^https?:\/\/[^\s<>"']+$/i.test(value) ? value : null;
}

const YOUTUBE = /^https?:\/\/(?:(?:www\.|m\.|music\.)?youtube(?:-nocookie)?\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/|live\/|v\/)|youtu\.be\/)[A-Za-z0-9_-]{11}(?:[?&#].*)?$/i;
const VIMEO = /^https?:\/\/(?:www\.|player\.)?vimeo\.com\/(?:.*\/)?\d{1,12}(?:[/?#].*)?$/i;

/** Whether an address is a YouTube or Vimeo video (the server decides for good: articles/body.py). */
export function isVideoUrl(url) {
  return YOUTUBE.test(url || "") || VIMEO.test(url || "");
}
