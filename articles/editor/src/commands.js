// Commands on the document: block types, lists, quotes, boxes, tables, moving and inserting blocks.
import { Fragment } from "prosemirror-model";
import { NodeSelection, Selection, TextSelection } from "prosemirror-state";
import { liftListItem, splitListItem, wrapInList } from "prosemirror-schema-list";
import { schema } from "./schema.js";

const n = schema.nodes;

/** The top-level block around the selection: {node, pos, index}. */
export function topBlock(state) {
  const sel = state.selection;
  if (sel instanceof NodeSelection && sel.$from.depth === 0) {
    return { node: sel.node, pos: sel.from, index: sel.$from.index(0) };
  }
  const $from = sel.$from;
  if ($from.depth === 0) return null;
  return { node: $from.node(1), pos: $from.before(1), index: $from.index(0) };
}

/** The top-level paragraph or heading the cursor is in (not inside a list, quote, box or table). */
function topTextblock(state) {
  const { $from, $to } = state.selection;
  if ($from.depth !== 1 || $to.depth !== 1 || !$from.sameParent($to)) return null;
  const node = $from.parent;
  return node.type === n.paragraph || node.type === n.heading ? { node, pos: $from.before(1) } : null;
}

export function setParagraph(state, dispatch) {
  const block = topTextblock(state);
  if (!block) return false;
  if (dispatch) {
    dispatch(state.tr.setBlockType(block.pos, block.pos + block.node.nodeSize, n.paragraph,
      (old) => ({ id: old.attrs.id })).scrollIntoView());
  }
  return true;
}

export function setHeading(level) {
  return (state, dispatch) => {
    const block = topTextblock(state);
    if (!block) return false;
    if (block.node.type === n.heading && block.node.attrs.level === level) return setParagraph(state, dispatch);
    if (dispatch) {
      dispatch(state.tr.setBlockType(block.pos, block.pos + block.node.nodeSize, n.heading,
        (old) => ({ id: old.attrs.id, level })).scrollIntoView());
    }
    return true;
  };
}

function listAround(state) {
  const $from = state.selection.$from;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === n.bullet_list || node.type === n.ordered_list) return { node, pos: $from.before(depth) };
  }
  return null;
}

export function toggleList(type) {
  return (state, dispatch) => {
    const list = listAround(state);
    if (list) {
      if (list.node.type === type) return liftListItem(n.list_item)(state, dispatch);
      if (dispatch) dispatch(state.tr.setNodeMarkup(list.pos, type, { id: list.node.attrs.id }));
      return true;
    }
    return wrapInList(type, { id: null })(state, dispatch);
  };
}

export function isInList(state, type) {
  const list = listAround(state);
  return !!list && list.node.type === type;
}

/** Wrap the current paragraph's text in a quote (or a box), or take it out again. */
function toggleContainer(containerType, build, unwrapChild) {
  return (state, dispatch) => {
    const top = topBlock(state);
    if (!top) return false;
    if (top.node.type === containerType) {
      if (dispatch) {
        const inner = top.node.child(unwrapChild);
        const paragraph = n.paragraph.create({ id: top.node.attrs.id }, inner.content);
        const tr = state.tr.replaceWith(top.pos, top.pos + top.node.nodeSize, paragraph);
        tr.setSelection(TextSelection.near(tr.doc.resolve(top.pos + 1)));
        dispatch(tr.scrollIntoView());
      }
      return true;
    }
    const block = topTextblock(state);
    if (dispatch) {
      let tr = state.tr;
      let pos;
      if (block && block.node.type === n.paragraph) {
        const node = build(block.node.attrs.id, block.node.content);
        tr = tr.replaceWith(block.pos, block.pos + block.node.nodeSize, node);
        pos = block.pos;
      } else {
        const node = build(null, Fragment.empty);
        pos = top.pos + top.node.nodeSize;
        tr = tr.insert(pos, node);
      }
      // The cursor in the first part (quote text, box title); in a box made of a paragraph, in its text.
      const inText = containerType === n.box && block && block.node.type === n.paragraph && block.node.content.size > 0;
      tr.setSelection(TextSelection.near(tr.doc.resolve(inText ? pos + 4 : pos + 2)));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

export const toggleQuote = toggleContainer(n.quote,
  (id, content) => n.quote.create({ id }, [n.quote_text.create(null, content), n.quote_cite.create()]), 0);
export const toggleBox = toggleContainer(n.box,
  (id, content) => n.box.create({ id }, [n.box_title.create(), n.box_text.create(null, content)]), 1);

export function newTable(rows = 3, columns = 3) {
  const row = (cell) => n.table_row.create(null, Array.from({ length: columns }, () => cell.create()));
  const table = n.table.create(null, [row(n.table_header), ...Array.from({ length: rows - 1 }, () => row(n.table_cell))]);
  return n.table_block.create({ id: null }, [table, n.table_caption.create()]);
}

/**
 * Put a block node at the cursor (or at `pos`): an empty paragraph is replaced, a paragraph with text
 * is split at the cursor. Returns the transaction with the node selected (atoms) or the cursor in it.
 */
export function insertBlock(state, node, pos = null) {
  let tr = state.tr;
  if (pos !== null) {
    const $pos = state.doc.resolve(pos);
    const at = $pos.depth === 0 ? pos : $pos.after(1);
    const target = $pos.depth === 0 ? pos : (($pos.parentOffset === 0 && $pos.depth === 1) ? $pos.before(1) : at);
    tr = tr.insert(target, node);
    return selectInserted(tr, target, node);
  }
  const { $from } = state.selection;
  const top = topBlock(state);
  if (top && top.node.type === n.paragraph && top.node.content.size === 0) {
    tr = tr.replaceWith(top.pos, top.pos + top.node.nodeSize, node);
    return selectInserted(tr, top.pos, node);
  }
  if (top && $from.depth === 1 && top.node.isTextblock && $from.parentOffset > 0 && $from.parentOffset < $from.parent.content.size) {
    tr = tr.split($from.pos);
    const at = tr.mapping.map($from.pos);
    tr = tr.insert(at, node);
    return selectInserted(tr, at, node);
  }
  const at = top ? (top.node.isTextblock && $from.parentOffset === 0 && top.node.content.size > 0 ? top.pos : top.pos + top.node.nodeSize) : state.doc.content.size;
  tr = tr.insert(at, node);
  return selectInserted(tr, at, node);
}

function selectInserted(tr, pos, node) {
  if (node.isAtom) tr.setSelection(NodeSelection.create(tr.doc, pos));
  else tr.setSelection(Selection.near(tr.doc.resolve(pos + 1)));
  return tr.scrollIntoView();
}

/** Move the top-level block at `pos` one place up (-1) or down (+1), keeping it selected. */
export function moveBlock(state, dispatch, pos, direction) {
  const $pos = state.doc.resolve(pos);
  const index = $pos.index(0);
  const node = state.doc.child(index);
  const target = index + direction;
  if (target < 0 || target >= state.doc.childCount) return false;
  if (dispatch) {
    const neighbour = state.doc.child(target);
    const tr = state.tr.delete(pos, pos + node.nodeSize);
    const insertAt = direction < 0 ? pos - neighbour.nodeSize : pos + neighbour.nodeSize;
    tr.insert(insertAt, node);
    if (node.isAtom) tr.setSelection(NodeSelection.create(tr.doc, insertAt));
    else {
      const offset = Math.max(1, Math.min(state.selection.from - pos, node.nodeSize - 1));
      tr.setSelection(Selection.near(tr.doc.resolve(insertAt + offset)));
    }
    dispatch(tr.scrollIntoView());
  }
  return true;
}

export function moveSelectedBlock(direction) {
  return (state, dispatch) => {
    const top = topBlock(state);
    return top ? moveBlock(state, dispatch, top.pos, direction) : false;
  };
}

export function deleteBlockAt(state, dispatch, pos) {
  const node = state.doc.nodeAt(pos);
  if (!node) return false;
  if (dispatch) {
    const tr = state.tr.delete(pos, pos + node.nodeSize);
    tr.setSelection(Selection.near(tr.doc.resolve(Math.min(pos, tr.doc.content.size))));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** A paragraph after the container block the cursor is in, with the cursor in it. */
function exitAfter(state, dispatch) {
  const top = topBlock(state);
  if (!top) return false;
  if (dispatch) {
    const at = top.pos + top.node.nodeSize;
    const tr = state.tr.insert(at, n.paragraph.create());
    tr.setSelection(TextSelection.create(tr.doc, at + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** Enter inside the parts of a quote, box or table: next part, then out; a line break in a cell. */
export function enterInParts(state, dispatch) {
  const { $from } = state.selection;
  const type = $from.parent.type;
  if (type === n.quote_text || type === n.box_title) {
    if (dispatch) {
      const after = $from.after();
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, after + 1 + $from.node($from.depth - 1).child($from.index($from.depth - 1) + 1).content.size)).scrollIntoView());
    }
    return true;
  }
  if (type === n.quote_cite || type === n.box_text || type === n.table_caption) return exitAfter(state, dispatch);
  if (type === n.table_cell || type === n.table_header) {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(n.hard_break.create()).scrollIntoView());
    return true;
  }
  return false;
}

export const splitItem = splitListItem(n.list_item);

export function hardBreak(state, dispatch) {
  const { $from } = state.selection;
  if (!$from.parent.type.contentMatch.matchType(n.hard_break)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(n.hard_break.create()).scrollIntoView());
  return true;
}

export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The link mark's range around the cursor, or null. */
export function linkAround(state) {
  const type = schema.marks.link;
  const { $from, from, to, empty } = state.selection;
  if (!empty) {
    let found = null;
    state.doc.nodesBetween(from, to, (node) => {
      const mark = type.isInSet(node.marks);
      if (mark && !found) found = mark;
    });
    return found ? { mark: found, from, to } : null;
  }
  const parent = $from.parent;
  const start = $from.start();
  const offset = $from.parentOffset;
  let run = null;
  let found = null;
  parent.forEach((node, nodeOffset) => {
    const mark = type.isInSet(node.marks);
    if (mark && run && run.mark.eq(mark) && run.to === nodeOffset) run.to = nodeOffset + node.nodeSize;
    else run = mark ? { mark, from: nodeOffset, to: nodeOffset + node.nodeSize } : null;
    if (run && run.from <= offset && offset <= run.to && !found) found = run;
    if (found && run === found) found = run;
  });
  return found ? { mark: found.mark, from: start + found.from, to: start + found.to } : null;
}
