/* Suggestions beside the editor: "Show in text" selects the suggestion's words in their field.
 *
 * Accepting and rejecting are plain form posts (they work without this script); the words are found
 * by their text and nearest context, as the server finds them, so a line-ending difference between
 * the stored text and the text area does not matter. Loaded with defer; no inline JS (CSP). */
(function () {
  "use strict";

  var list = document.querySelector("#suggestions .suggestion-list");
  if (!list) {
    return;
  }

  function fieldFor(item) {
    if (item.dataset.field === "caption") {
      var ids = document.querySelectorAll("input[name^='placements-'][name$='-id']");
      for (var i = 0; i < ids.length; i += 1) {
        if (ids[i].value === item.dataset.placement) {
          return document.querySelector("[name='" + ids[i].name.replace(/-id$/, "-caption") + "']");
        }
      }
      return null;
    }
    return document.getElementById("id_" + item.dataset.field);
  }

  function place(item, field) {
    var value = field.value;
    var del = item.querySelector(".suggestion-del");
    var words = del ? del.textContent : "";
    var text = item.querySelector(".suggestion-text").textContent.replace(/^…|…$/g, "");
    var ins = item.querySelector(".suggestion-ins");
    var before = text.slice(0, text.indexOf(words + (ins ? ins.textContent : "")));
    var near = before.slice(-12) + words;
    var at = value.indexOf(near);
    if (at === -1) {
      at = value.indexOf(words);
      return at === -1 ? null : [at, at + words.length];
    }
    var start = at + near.length - words.length;
    return [start, start + words.length];
  }

  list.querySelectorAll("[data-show-suggestion]").forEach(function (button) {
    var item = button.closest("[data-suggestion]");
    var field = fieldFor(item);
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var span = place(item, field);
      list.querySelectorAll(".is-shown").forEach(function (shown) {
        shown.classList.remove("is-shown");
      });
      item.classList.add("is-shown");
      field.focus();
      if (span) {
        field.setSelectionRange(span[0], span[1]);
      }
    });
  });
})();
