/* Reordering the story budget with JavaScript: drag a row, press Alt+Up/Alt+Down on a row, or use its
 * arrow buttons without a page load. Each move sends the whole order shown to the same POST the
 * buttons use without JavaScript (desk:planning-reorder); a refusal reloads the page, which shows the
 * order the server kept. Needs desk_common.js (window.NewsroomDesk). */
(function () {
  "use strict";

  var desk = window.NewsroomDesk;
  var table = document.querySelector("[data-budget]");
  if (!table || !desk) {
    return;
  }
  var body = table.tBodies[0];
  var announcer = document.querySelector("[data-budget-announcer]");

  function rows() {
    return Array.prototype.slice.call(body.querySelectorAll("tr[data-assignment]"));
  }

  /* Places and the first row's disabled "up" follow the rows as they move. */
  /* A page of a long budget starts at its own place; its first and last rows may still move across
     the page's edge (the buttons' form does that), only the day's first and last may not. */
  var firstPlace = parseInt(table.dataset.firstPlace || "1", 10);
  var moreBelow = table.hasAttribute("data-more-below");

  function renumber() {
    Array.prototype.forEach.call(body.querySelectorAll("tr[data-budget-row]"), function (row, index) {
      var place = row.querySelector("[data-place]");
      if (place) {
        place.textContent = String(firstPlace + index);
      }
    });
    rows().forEach(function (row, index) {
      var up = row.querySelector('button[value="up"]');
      var down = row.querySelector('button[value="down"]');
      if (up) {
        up.disabled = index === 0 && firstPlace === 1;
      }
      if (down) {
        down.disabled = index === rows().length - 1 && !moreBelow;
      }
    });
  }

  function save() {
    var form = new FormData();
    form.append("date", table.dataset.date);
    form.append("order", order());
    return desk.postForJSON(table.dataset.reorderUrl, form).then(function (answer) {
      if (!answer.ok) {
        window.location.reload();
        return;
      }
      if (announcer) {
        announcer.textContent = answer.message || "";
      }
    }).catch(function () {
      window.location.reload();
    });
  }

  /* Move `row` one place up or down among the assignment rows; keeps the focus where it was. */
  function step(row, up) {
    var all = rows();
    var index = all.indexOf(row);
    var other = all[up ? index - 1 : index + 1];
    if (!other) {
      return;
    }
    var focused = document.activeElement;
    if (up) {
      body.insertBefore(row, other);
    } else {
      body.insertBefore(other, row);
    }
    renumber();
    if (focused && row.contains(focused) && !focused.disabled) {
      focused.focus();
    } else {
      row.focus();
    }
    save();
  }

  body.addEventListener("keydown", function (event) {
    var row = event.target.closest("tr[data-assignment]");
    if (!row || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    event.preventDefault();
    step(row, event.key === "ArrowUp");
  });

  body.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-budget-move]");
    if (!form) {
      return;
    }
    var up = !(event.submitter && event.submitter.value === "down");
    var row = form.closest("tr[data-assignment]");
    var all = rows();
    var index = all.indexOf(row);
    if (!all[up ? index - 1 : index + 1]) {
      return; // across the page's edge: the plain form post moves it and shows the new order
    }
    event.preventDefault();
    step(row, up);
  });

  var dragged = null;
  var before = "";
  function order() {
    return rows().map(function (row) { return row.dataset.assignment; }).join(",");
  }
  body.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("tr[data-assignment]");
    if (dragged) {
      before = order();
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.assignment);
      dragged.classList.add("budget-dragging");
    }
  });
  body.addEventListener("dragover", function (event) {
    var over = event.target.closest("tr[data-assignment]");
    if (!dragged || !over || over === dragged) {
      if (dragged) {
        event.preventDefault();
      }
      return;
    }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    body.insertBefore(dragged, after ? over.nextSibling : over);
  });
  body.addEventListener("drop", function (event) {
    if (dragged) {
      event.preventDefault();
    }
  });
  body.addEventListener("dragend", function () {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("budget-dragging");
    dragged = null;
    renumber();
    if (order() !== before) {
      save();
    }
  });
  renumber();
})();
