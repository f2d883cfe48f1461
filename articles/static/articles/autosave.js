/*
 * Autosave for the article form: every few seconds the text a reporter has typed
 * is kept in this browser's storage, so closing the tab, a crash or a lost
 * connection loses nothing. When the form opens with text that differs from the
 * kept copy, a banner offers to restore it. A saved form that matches the kept
 * copy clears it.
 *
 * The kept copy is keyed by the signed-in user and the page address, so two
 * people sharing a computer never see each other's text.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var INTERVAL_MS = 3000;
  var form = document.getElementById("article_form");
  if (!form || !window.localStorage) {
    return;
  }
  var user = document.querySelector("#user-tools strong");
  var key = "newsroom:autosave:" + (user ? user.textContent.trim() : "") + ":" + window.location.pathname;

  function textFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && (el.tagName === "TEXTAREA" ||
        (el.tagName === "INPUT" && (el.type === "text" || el.type === "search")));
    });
  }

  function snapshot() {
    var values = {};
    textFields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }

  function differs(a, b) {
    return Object.keys(a).some(function (name) { return (b[name] || "") !== (a[name] || ""); });
  }

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  var initial = snapshot();
  var kept = read();

  function save() {
    var now = snapshot();
    if (differs(now, initial)) {
      window.localStorage.setItem(key, JSON.stringify({savedAt: new Date().toISOString(), values: now}));
    }
  }

  function offerRestore(entry) {
    var banner = document.createElement("div");
    banner.className = "autosave-banner messagelist";
    banner.setAttribute("role", "alert");
    var when = new Date(entry.savedAt);
    var text = document.createElement("p");
    text.textContent = "Có bản nội dung chưa lưu, tự động giữ lúc " + when.toLocaleString("vi-VN") +
      ". Khôi phục để tiếp tục viết?";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button autosave-restore";
    restore.textContent = "Khôi phục";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button autosave-discard";
    discard.textContent = "Bỏ bản đã giữ";
    restore.addEventListener("click", function () {
      textFields().forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(entry.values, el.name)) {
          el.value = entry.values[el.name];
          // The body editor (articles/editor/) reloads its document from the field it edits.
          el.dispatchEvent(new CustomEvent("newsroom:body-replaced"));
        }
      });
      banner.remove();
    });
    discard.addEventListener("click", function () {
      window.localStorage.removeItem(key);
      banner.remove();
    });
    banner.appendChild(text);
    banner.appendChild(restore);
    banner.appendChild(document.createTextNode(" "));
    banner.appendChild(discard);
    form.parentNode.insertBefore(banner, form);
  }

  if (kept && kept.values) {
    if (differs(kept.values, initial)) {
      offerRestore(kept);
    } else {
      window.localStorage.removeItem(key);
    }
  }
  window.setInterval(save, INTERVAL_MS);
  window.addEventListener("beforeunload", save);
  document.addEventListener("visibilitychange", save);
});
