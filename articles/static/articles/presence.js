/*
 * Presence on the article form: while the form is open, beat every few seconds
 * (the page says how often) to the admin's presence endpoint, and show who else
 * has the article open ("Đang được sửa bởi … (từ HH:MM)"). Closing the tab ends
 * this tab's entry at once (a `pagehide` beacon). Nothing is locked.
 * Contract: articles/admin/presence.py (POST tab, leave=1; JSON {others, line}).
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var box = document.getElementById("presence-line");
  var form = document.getElementById("article_form");
  if (!box || !form || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-url");
  var tab = box.getAttribute("data-tab");
  var seconds = parseInt(box.getAttribute("data-beat"), 10) || 20;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    data.append("tab", tab);
    if (extra) {
      data.append(extra, "1");
    }
    return data;
  }

  function show(text) {
    box.textContent = text || "";
    box.hidden = !text;
  }

  function beat() {
    fetch(url, {method: "POST", body: body(), credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { show(data.line); } })
      .catch(function () { /* offline or the server away: keep what is shown */ });
  }

  window.setInterval(beat, seconds * 1000);
  beat();
  window.addEventListener("pagehide", function () {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url, body("leave"));
    }
  });
});
