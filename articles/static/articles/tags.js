/*
 * Tag chips for the article form's tags field (articles/admin/article_form.py, TagChipsWidget).
 *
 * The text input stays the form field: it is hidden and always holds the tags as
 * the server parses them (comma-separated, a name quoted only when it has a comma),
 * so a plain form POST saves what the chips show. Without JavaScript the text input
 * is simply there. Each tag shows as a chip with its plain name and a remove button
 * (mouse, or Enter/Space on the button, or Backspace/Delete on it, or Backspace in
 * an empty box for the last chip). Typing offers existing tags from the server
 * (accent-insensitive: "ha noi" finds "Hà Nội"); Enter or a comma adds the
 * highlighted suggestion, or the typed text as a new tag. When another script sets
 * the field (the autosave's restore), the chips follow it.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var counter = 0;

  // The same rules as the server (BoundedTagField): quotes group, commas separate;
  // text with neither is one tag.
  function parse(text) {
    text = (text || "").trim();
    if (!text) { return []; }
    if (text.indexOf(",") < 0 && text.indexOf('"') < 0) { return [squeeze(text)]; }
    var names = [], buffer = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') {
        if (quoted) { push(names, buffer); buffer = ""; }
        quoted = !quoted;
      } else if (c === "," && !quoted) {
        push(names, buffer); buffer = "";
      } else {
        buffer += c;
      }
    }
    push(names, buffer);
    return names;
  }

  function squeeze(name) { return name.replace(/\s+/g, " ").trim(); }

  function push(names, name) {
    name = squeeze(name.replace(/"/g, ""));
    if (name && !contains(names, name)) { names.push(name); }
  }

  function contains(names, name) {
    var wanted = name.toLocaleLowerCase("vi");
    return names.some(function (n) { return n.toLocaleLowerCase("vi") === wanted; });
  }

  function serialize(names) {
    return names.map(function (n) { return n.indexOf(",") >= 0 ? '"' + n + '"' : n; }).join(", ");
  }

  function label(template, name) { return (template || "%s").replace("%s", name); }

  function setup(source) {
    var id = "tag-chips-" + (++counter);
    var names = parse(source.value);
    var suggestions = [];
    var active = -1;
    var timer = null;
    var request = 0;

    var box = document.createElement("div");
    box.className = "tag-chips";
    var list = document.createElement("ul");
    list.className = "tag-chips__list";
    list.setAttribute("aria-label", source.dataset.labelList || "");
    var typing = document.createElement("input");
    typing.type = "text";
    typing.className = "tag-chips__input";
    typing.id = id + "-input";
    typing.autocomplete = "off";
    typing.setAttribute("role", "combobox");
    typing.setAttribute("aria-autocomplete", "list");
    typing.setAttribute("aria-expanded", "false");
    typing.setAttribute("aria-controls", id + "-options");
    typing.setAttribute("placeholder", source.dataset.labelInput || "");
    var options = document.createElement("ul");
    options.className = "tag-chips__options";
    options.id = id + "-options";
    options.setAttribute("role", "listbox");
    options.hidden = true;
    var status = document.createElement("p");
    status.className = "tag-chips__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var fieldLabel = source.id && document.querySelector('label[for="' + source.id + '"]');
    if (fieldLabel) {
      fieldLabel.htmlFor = typing.id;
    } else {
      typing.setAttribute("aria-label", source.dataset.labelInput || "");
    }
    var help = source.getAttribute("aria-describedby");
    if (help) { typing.setAttribute("aria-describedby", help); }

    box.appendChild(list);
    box.appendChild(typing);
    box.appendChild(options);
    box.appendChild(status);
    source.hidden = true;
    source.classList.add("tag-chips__source");
    source.parentNode.insertBefore(box, source.nextSibling);

    var written = source.value;

    function sync() {
      source.value = written = serialize(names);
      source.dispatchEvent(new Event("input", {bubbles: true}));
    }

    // Another script may set the field (the autosave's "Khôi phục" puts kept text back):
    // the chips follow whatever the field holds.
    function follow() {
      if (source.value !== written) {
        written = source.value;
        names = parse(source.value);
        render();
      }
    }

    function render() {
      list.textContent = "";
      names.forEach(function (name, index) {
        var chip = document.createElement("li");
        chip.className = "tag-chip";
        var text = document.createElement("span");
        text.className = "tag-chip__name";
        text.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip__remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", label(source.dataset.labelRemove, name));
        remove.title = label(source.dataset.labelRemove, name);
        remove.addEventListener("click", function () { removeAt(index); typing.focus(); });
        remove.addEventListener("keydown", function (event) {
          if (event.key === "Backspace" || event.key === "Delete") {
            event.preventDefault();
            removeAt(index);
            var buttons = list.querySelectorAll(".tag-chip__remove");
            (buttons[Math.min(index, buttons.length - 1)] || typing).focus();
          }
        });
        chip.appendChild(text);
        chip.appendChild(remove);
        list.appendChild(chip);
      });
    }

    function announce(template, name) { status.textContent = label(template, name); }

    function add(name) {
      name = squeeze((name || "").replace(/"/g, ""));
      if (!name || contains(names, name)) { return false; }
      names.push(name);
      sync();
      render();
      announce(source.dataset.labelAdded, name);
      return true;
    }

    function removeAt(index) {
      var name = names[index];
      names.splice(index, 1);
      sync();
      render();
      announce(source.dataset.labelRemoved, name);
    }

    function close() {
      suggestions = [];
      active = -1;
      options.textContent = "";
      options.hidden = true;
      typing.setAttribute("aria-expanded", "false");
      typing.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(options.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("is-active", i === index);
      });
      if (index >= 0) {
        typing.setAttribute("aria-activedescendant", options.children[index].id);
      } else {
        typing.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      close();
      suggestions = found.filter(function (name) { return !contains(names, name); });
      if (!suggestions.length) { return; }
      suggestions.forEach(function (name, index) {
        var option = document.createElement("li");
        option.id = id + "-option-" + index;
        option.className = "tag-chips__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = name;
        // mousedown, not click: the typing box keeps the focus (and does not add its text on blur first).
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          add(name);
          typing.value = "";
          close();
        });
        options.appendChild(option);
      });
      options.hidden = false;
      typing.setAttribute("aria-expanded", "true");
    }

    function lookup() {
      var term = typing.value.trim();
      if (!term) { close(); return; }
      var mine = ++request;
      var url = source.dataset.tagsSuggest + "?q=" + encodeURIComponent(term);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) {
          if (mine !== request || typing.value.trim() !== term) { return; }
          show((data.results || []).map(function (r) { return r.name; }));
        })
        .catch(function () { close(); });
    }

    function commit() {
      // Commas never stay in the box (the input handler splits there): this is one name.
      var added = add(active >= 0 ? suggestions[active] : typing.value);
      typing.value = "";
      close();
      return added;
    }

    typing.addEventListener("input", function () {
      if (typing.value.indexOf(",") >= 0) {
        var parts = typing.value.split(",");
        var rest = parts.pop();
        parts.forEach(function (part) { add(part); });
        typing.value = rest.replace(/^\s+/, "");
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, DELAY_MS);
    });

    typing.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        if (typing.value.trim() || active >= 0) {
          event.preventDefault();  // not the form's submit
          commit();
        }
      } else if (event.key === "ArrowDown" && suggestions.length) {
        event.preventDefault();
        highlight((active + 1) % suggestions.length);
      } else if (event.key === "ArrowUp" && suggestions.length) {
        event.preventDefault();
        highlight(active <= 0 ? suggestions.length - 1 : active - 1);
      } else if (event.key === "Escape" && !options.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && !typing.value && names.length) {
        event.preventDefault();
        removeAt(names.length - 1);
      }
    });

    typing.addEventListener("blur", function () {
      // Typed and not yet added: keep it, rather than lose it on save.
      if (typing.value.trim()) { add(typing.value); typing.value = ""; }
      close();
    });

    if (source.form) {
      source.form.addEventListener("submit", function () {
        if (typing.value.trim()) { add(typing.value); typing.value = ""; }
      });
    }

    box.addEventListener("click", function (event) {
      if (event.target === box || event.target === list) { typing.focus(); }
    });

    source.addEventListener("change", follow);
    window.setInterval(follow, 500);
    render();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-tags-suggest]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
