/*
 * Autosave for the article form: every few seconds the text a reporter has typed
 * is kept in this browser's storage, so closing the tab, a crash or a lost
 * connection loses nothing. When the form opens with text that differs from the
 * kept copy, a banner offers to restore it. A saved form that matches the kept
 * copy clears it.
 *
 * The kept copy is keyed by the signed-in user and the page address, so two
 * people sharing a computer never see each other's text.
 *
 * The server copy (articles/admin/autosave.py): when the page carries the
 * `server-autosave` JSON ({url, interval, offer}), the same fields are posted to
 * `url` every `interval` seconds when they changed since the last copy sent, and
 * an `offer` (the user's copy kept on the server, from any device) is shown as
 * "Có bản tự lưu lúc HH:MM trên máy chủ" with Khôi phục / Bỏ qua. The browser
 * copy stays as the fallback when the server cannot be reached.
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
      // Inline rows' templates (names with __prefix__) are not fields anyone typed in.
      return el.name && !el.disabled && el.name.indexOf("__prefix__") === -1 && (el.tagName === "TEXTAREA" ||
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
  var server = null;
  var serverNode = document.getElementById("server-autosave");
  if (serverNode) {
    try {
      server = JSON.parse(serverNode.textContent);
    } catch (e) {
      server = null;
    }
  }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");

  function putBack(values) {
    textFields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(values, el.name)) {
        el.value = values[el.name];
        if (el.name === "body") {
          // The editor's contract: it reloads the body from the textarea.
          el.dispatchEvent(new CustomEvent("newsroom:body-replaced", {bubbles: true}));
        }
      }
    });
  }

  function post(fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    return fetch(server.url, {method: "POST", body: data, credentials: "same-origin"});
  }

  var lastSent = initial;
  var sending = false;

  function saveToServer() {
    if (!server || sending) {
      return;
    }
    var now = snapshot();
    if (!differs(now, lastSent) && !differs(lastSent, now)) {
      return;
    }
    sending = true;
    post({data: JSON.stringify(now)})
      .then(function (response) {
        if (response.ok) {
          lastSent = now;
          form.setAttribute("data-server-autosave", "saved");
        }
      })
      .catch(function () { /* offline: the browser copy is kept meanwhile */ })
      .then(function () { sending = false; });
  }

  // One banner for both copies: a message, "Khôi phục" and a discard button, above the form.
  // `kind` names its classes (autosave-banner, autosave-restore, …; server-autosave-…).
  function offerBanner(kind, message, discardLabel, onRestore, onDiscard) {
    var banner = document.createElement("div");
    banner.className = kind + "-banner messagelist";
    banner.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = message;
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button " + kind + "-restore";
    restore.textContent = "Khôi phục";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button " + kind + "-discard";
    discard.textContent = discardLabel;
    restore.addEventListener("click", function () { onRestore(); banner.remove(); });
    discard.addEventListener("click", function () { onDiscard(); banner.remove(); });
    banner.appendChild(text);
    banner.appendChild(restore);
    banner.appendChild(document.createTextNode(" "));
    banner.appendChild(discard);
    form.parentNode.insertBefore(banner, form);
  }

  function offerServerCopy(entry) {
    offerBanner("server-autosave",
      "Có bản tự lưu lúc " + entry.time + " (" + entry.date + ") trên máy chủ. Khôi phục để viết tiếp từ bản đó?",
      "Bỏ qua",
      function () { putBack(entry.values); lastSent = snapshot(); },
      function () { post({discard: "1"}).catch(function () {}); });
  }

  function save() {
    var now = snapshot();
    if (differs(now, initial)) {
      window.localStorage.setItem(key, JSON.stringify({savedAt: new Date().toISOString(), values: now}));
    }
  }

  var offered = server && server.offer && server.offer.values;
  var sameAsKept = Boolean(offered && kept && kept.values &&
    !differs(kept.values, server.offer.values) && !differs(server.offer.values, kept.values));

  function offerRestore(entry) {
    offerBanner("autosave",
      "Có bản nội dung chưa lưu, tự động giữ lúc " + new Date(entry.savedAt).toLocaleString("vi-VN") +
        ". Khôi phục để tiếp tục viết?",
      "Bỏ bản đã giữ",
      function () { putBack(entry.values); },
      function () {
        window.localStorage.removeItem(key);
        if (sameAsKept) {
          post({discard: "1"}).catch(function () {});  // the server's copy is the same text
        }
      });
  }

  if (offered) {
    if (!differs(server.offer.values, initial) && !differs(initial, server.offer.values)) {
      post({discard: "1"}).catch(function () {});  // the form already holds it
    } else if (!sameAsKept) {
      offerServerCopy(server.offer);
    }
  }
  if (kept && kept.values) {
    if (differs(kept.values, initial)) {
      offerRestore(kept);
    } else {
      window.localStorage.removeItem(key);
    }
  }
  window.setInterval(save, INTERVAL_MS);
  if (server) {
    window.setInterval(saveToServer, (server.interval || 5) * 1000);
  }
  window.addEventListener("beforeunload", save);
  document.addEventListener("visibilitychange", save);
});
