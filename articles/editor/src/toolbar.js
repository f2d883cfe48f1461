// The toolbar: role="toolbar" with one tab stop (roving tabindex: ←/→, Home/End move between
// buttons), Vietnamese names and shortcuts in aria-label/title, aria-pressed on marks and block
// types. It wraps on a narrow screen (390 px). Table buttons show only inside a table.
import { el } from "./ui.js";

export class Toolbar {
  constructor(items, { onRun }) {
    this.items = items;
    this.dom = el("div", { class: "ed-toolbar", role: "toolbar", "aria-label": "Định dạng nội dung bài",
      "aria-orientation": "horizontal" });
    this.buttons = [];
    for (const group of items) {
      const groupEl = el("div", { class: "ed-toolbar__group", role: "group", "aria-label": group.label });
      if (group.hiddenUnless) groupEl.setAttribute("data-context", "");
      for (const item of group.items) {
        const shortcut = item.shortcut ? ` (${item.shortcut})` : "";
        // The name a screen reader says is the hidden text (not aria-label: the visible "T2", "x₂" would
        // then have to be part of it); the visible icon and word are for the eye.
        const button = el("button", {
          type: "button", class: `ed-tool ed-tool--${item.name}`, tabindex: "-1",
          title: item.label + shortcut, "data-tool": item.name,
          "aria-pressed": item.active ? "false" : null,
        }, item.icon ? el("span", { "aria-hidden": "true", class: "ed-tool__icon", text: item.icon }) : null,
        item.text ? el("span", { class: "ed-tool__text", "aria-hidden": "true", text: item.text }) : null,
        el("span", { class: "ed-sr", text: item.label + shortcut }));
        button.addEventListener("mousedown", (event) => event.preventDefault());  // keep the editor's selection
        button.addEventListener("click", (event) => {
          event.preventDefault();
          this.current = button;
          onRun(item);
        });
        groupEl.appendChild(button);
        this.buttons.push({ button, item, group, groupEl });
      }
      group.el = groupEl;
      this.dom.appendChild(groupEl);
    }
    this.dom.addEventListener("keydown", (event) => this.onKey(event));
    this.dom.addEventListener("focusin", (event) => {
      const entry = this.buttons.find((b) => b.button === event.target);
      if (entry) this.setCurrent(entry.button);
    });
    this.setCurrent(this.buttons[0].button);
  }

  visible() {
    return this.buttons.filter((b) => !b.groupEl.hidden).map((b) => b.button);
  }

  setCurrent(button) {
    for (const b of this.buttons) b.button.tabIndex = b.button === button ? 0 : -1;
    this.current = button;
  }

  onKey(event) {
    const buttons = this.visible();
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = buttons[(index + 1) % buttons.length];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = buttons[(index - 1 + buttons.length) % buttons.length];
    else if (event.key === "Home") next = buttons[0];
    else if (event.key === "End") next = buttons[buttons.length - 1];
    if (next) {
      event.preventDefault();
      this.setCurrent(next);
      next.focus();
    }
  }

  update(state) {
    for (const { button, item, group } of this.buttons) {
      if (group.hiddenUnless) continue;
      if (item.active) button.setAttribute("aria-pressed", item.active(state) ? "true" : "false");
      if (item.enabled) {
        const enabled = item.enabled(state);
        button.setAttribute("aria-disabled", enabled ? "false" : "true");
      }
    }
    for (const group of this.items) {
      if (!group.hiddenUnless) continue;
      const show = group.hiddenUnless(state);
      group.el.hidden = !show;
      if (show) {
        for (const { button, item } of this.buttons.filter((b) => b.group === group)) {
          if (item.active) button.setAttribute("aria-pressed", item.active(state) ? "true" : "false");
        }
      }
    }
    if (this.current && this.current.closest("[hidden]")) this.setCurrent(this.visible()[0]);
  }
}
