/* The desk board with JavaScript: a card's move buttons and a card dropped on a column both POST to
 * the card's move address (the same one the buttons use without JavaScript) asking for JSON. A move
 * done redraws the board from the server and says so in the live region; a move refused puts the
 * card back where it was and shows the reason on it. Needs desk_common.js (window.NewsroomDesk). */
(function () {
  "use strict";

  var desk = window.NewsroomDesk;
  var board = document.querySelector("[data-board]");
  if (!board || !desk) {
    return;
  }
  var announcer = document.querySelector("[data-board-announcer]");

  function announce(text) {
    announcer.textContent = text;
  }

  function refusal(card, text) {
    var box = card && card.querySelector("[data-card-refusal]");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  /* Draw the board again from the server (counts, buttons and columns stay true), then put the
     focus back on the moved card so a keyboard user carries on where they were. */
  function redraw(cardKey) {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-board]");
        if (fresh) {
          board.innerHTML = fresh.innerHTML;
        }
        var card = board.querySelector('[data-card="' + cardKey + '"]');
        var target = card && card.querySelector("a, button");
        if (target) {
          target.focus();
        }
      });
  }

  function move(card, body, undo) {
    card.setAttribute("aria-busy", "true");
    return desk.postForJSON(card.dataset.moveUrl, body).then(function (answer) {
      card.removeAttribute("aria-busy");
      announce(answer.message || "");
      if (answer.ok) {
        return redraw(card.dataset.card);
      }
      if (undo) {
        undo();
      }
      refusal(card, answer.message || "");
      // Dropped on "changes requested" without a comment: the card's own comment field is the way on.
      var comment = card.querySelector("input[name=comment]");
      if (comment && body.get("to") === "changes_requested") {
        comment.focus();
      }
      return null;
    }).catch(function () {
      card.removeAttribute("aria-busy");
      if (undo) {
        undo();
      }
      // Without an answer, fall back to the plain form post (or a reload) so nothing is lost silently.
      window.location.reload();
    });
  }

  board.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-board-move]");
    if (!form) {
      return;
    }
    event.preventDefault();
    // A card's moves share one form: the pressed button names the move.
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) {
      body.append(event.submitter.name, event.submitter.value);
    }
    move(form.closest("[data-card]"), body, null);
  });

  var dragged = null;
  board.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("[data-move-url]");
    if (!dragged) {
      return;
    }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.card);
    dragged.classList.add("board-dragging");
  });
  board.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("board-dragging");
    }
    board.querySelectorAll(".board-drop-target").forEach(function (column) {
      column.classList.remove("board-drop-target");
    });
  });
  board.addEventListener("dragover", function (event) {
    var column = event.target.closest("[data-column]");
    if (dragged && column) {
      event.preventDefault();
      column.classList.add("board-drop-target");
    }
  });
  board.addEventListener("dragleave", function (event) {
    var column = event.target.closest("[data-column]");
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("board-drop-target");
    }
  });
  board.addEventListener("drop", function (event) {
    var column = event.target.closest("[data-column]");
    var card = dragged;
    dragged = null;
    if (!card || !column) {
      return;
    }
    event.preventDefault();
    column.classList.remove("board-drop-target");
    var home = card.parentNode;
    if (column.contains(card)) {
      return;
    }
    var next = card.nextSibling;
    column.querySelector("ul").appendChild(card);
    var body = new FormData();
    body.append("to", column.dataset.column);
    move(card, body, function () {
      home.insertBefore(card, next);
    });
  });
})();
