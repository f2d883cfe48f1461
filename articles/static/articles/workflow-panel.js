/*
 * The article form's workflow panel (templates/admin/articles/article/workflow_panel.html):
 *
 * - the live checklist: whenever the article form changes, the whole form is posted to the
 *   panel's checklist address (#publish-checklist[data-url]), where the server runs the same
 *   publishing checks as the publish button (articles/workflow/transitions.py) and answers
 *   {"ready": bool, "missing": [...]}. No rule is repeated here; nothing is saved.
 * - "Sao chép": copies the signed preview link (navigator.clipboard; without it, the old
 *   select-and-copy way), and says whether it worked.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var DELAY_MS = 500;

  // --- The checklist ---------------------------------------------------------------------
  var checklist = document.getElementById("publish-checklist");
  var form = document.getElementById("article_form");
  if (checklist && form && window.fetch && window.FormData) {
    var list = checklist.querySelector("ul");
    var ready = checklist.querySelector(".checklist-ready");
    var timer = null;
    var sent = 0;

    var show = function (answer) {
      list.textContent = "";
      answer.missing.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      ready.hidden = !answer.ready;
      checklist.classList.toggle("ready", answer.ready);
      checklist.classList.toggle("missing", !answer.ready);
      checklist.setAttribute("data-checked", String(sent));
    };

    var refresh = function () {
      var data = new FormData(form);
      // Files are not sent on every keystroke: the checklist reads the form's text and choices.
      Array.from(data.entries()).forEach(function (entry) {
        if (entry[1] instanceof File) {
          data.delete(entry[0]);
        }
      });
      var number = ++sent;
      fetch(checklist.getAttribute("data-url"), {method: "POST", body: data, credentials: "same-origin",
                                                 headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (answer && number === sent) {  // an older answer arriving late is dropped
            show(answer);
          }
        })
        .catch(function () { /* offline: the list stays as it was; the publish button checks anyway */ });
    };

    var later = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // Inline rows added or removed (byline, photos) change the form without an input event.
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
  }

  // --- "Sao chép" ----------------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var link = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    var say = function (text) {
      if (status) {
        status.textContent = text;
      }
    };
    var fallback = function (text) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "copy-buffer";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      document.body.removeChild(field);
      return copied;
    };
    button.addEventListener("click", function () {
      var text = link.href;
      var done = function () { say("Đã sao chép liên kết."); };
      var failed = function () {
        if (fallback(text)) {
          done();
        } else {
          say("Không sao chép được: hãy chọn liên kết rồi bấm Ctrl+C.");
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, failed);
      } else {
        failed();
      }
    });
  });
});
