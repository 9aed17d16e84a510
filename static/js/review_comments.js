/* Review page comments: comment on selected words of the body, and @-complete the people who can open
 * the piece. The words are found again by their text on the server after every edit. No inline JS. */
(function () {
  "use strict";

  var form = document.querySelector("[data-comment-form]");
  if (!form) {
    return;
  }
  var rawBody = window.NewsroomDesk.data("review-body", "");
  var people = window.NewsroomDesk.data("mentionable-people", []);
  var field = form.querySelector("textarea");
  var hint = form.querySelector("[data-anchor-hint]");
  var CONTEXT = 40;

  function hidden(name) {
    return form.querySelector("input[name='" + name + "']");
  }

  /* --- selecting words ---------------------------------------------------------------------- */

  function setAnchor(words, before, after) {
    hidden("anchor_text").value = words;
    hidden("anchor_prefix").value = before;
    hidden("anchor_suffix").value = after;
    hint.hidden = !words;
    hint.querySelector("[data-anchor-words]").textContent = words;
  }

  // Where the selected words are in the stored body: the occurrence nearest to where they were selected.
  function contextFor(words, approximate) {
    var text = rawBody.replace(/\r\n/g, "\n");
    var best = -1;
    var at = text.indexOf(words);
    while (at !== -1) {
      if (best === -1 || Math.abs(at - approximate) < Math.abs(best - approximate)) {
        best = at;
      }
      at = text.indexOf(words, at + 1);
    }
    if (best === -1) {
      return null;
    }
    return [text.slice(Math.max(0, best - CONTEXT), best), text.slice(best + words.length, best + words.length + CONTEXT)];
  }

  var copy = document.querySelector("[data-anchorable] .marked-text");
  if (copy) {
    copy.addEventListener("mouseup", captureSelection);
    copy.addEventListener("keyup", captureSelection);
  }

  function captureSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !copy.contains(selection.anchorNode)) {
      return;
    }
    var words = selection.toString().replace(/💬/g, "").trim();
    if (!words || words.length > 500) {
      return;
    }
    var range = selection.getRangeAt(0);
    var before = document.createRange();
    before.setStart(copy, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var found = contextFor(words, before.toString().length);
    if (!found) {
      return; // the selection crossed a marker the body does not contain: nothing to anchor
    }
    setAnchor(words, found[0], found[1]);
    field.focus();
  }

  form.querySelector("[data-anchor-clear]").addEventListener("click", function () {
    setAnchor("", "", "");
    field.focus();
  });

  /* --- @mentions ------------------------------------------------------------------------------ */

  var list = document.getElementById("mention-list");
  var active = -1;
  var matches = [];

  function query() {
    var upto = field.value.slice(0, field.selectionStart);
    var found = upto.match(/(?:^|[^\w@.+-])@([\w.+-]*)$/);
    return found ? found[1] : null;
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    field.removeAttribute("aria-activedescendant");
    active = -1;
    matches = [];
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (item, at) {
      item.setAttribute("aria-selected", at === index ? "true" : "false");
    });
    if (index >= 0) {
      field.setAttribute("aria-activedescendant", "mention-" + index);
    }
  }

  function choose(person) {
    var caret = field.selectionStart;
    var upto = field.value.slice(0, caret);
    var start = upto.lastIndexOf("@");
    field.value = field.value.slice(0, start) + "@" + person.username + " " + field.value.slice(caret);
    var position = start + person.username.length + 2;
    field.setSelectionRange(position, position);
    close();
    field.focus();
  }

  field.addEventListener("input", function () {
    var typed = query();
    if (typed === null) {
      close();
      return;
    }
    var lower = typed.toLowerCase();
    matches = people
      .filter(function (person) {
        return person.username.toLowerCase().indexOf(lower) === 0 || person.name.toLowerCase().indexOf(lower) !== -1;
      })
      .slice(0, 8);
    list.textContent = "";
    matches.forEach(function (person, index) {
      var item = document.createElement("li");
      item.id = "mention-" + index;
      item.setAttribute("role", "option");
      item.className = "mention-option";
      item.textContent = person.name + " (@" + person.username + ")";
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the text
        choose(person);
      });
      list.appendChild(item);
    });
    list.hidden = matches.length === 0;
    highlight(matches.length ? 0 : -1);
  });

  field.addEventListener("keydown", function (event) {
    if (list.hidden || !matches.length) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + matches.length) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(matches[Math.max(active, 0)]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  field.addEventListener("blur", close);
})();
