/* The picture page's focal point: click the picture or use the arrow keys on it; the crop previews
   follow at once. The same arithmetic as articles/media/renditions.py crop_box(): the largest box of
   the crop's shape, centred on the focal point as far as the picture's edges allow. */
(function () {
  "use strict";

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  /* object-position (per cent) that shows the crop centred on (fx, fy) for a picture w × h. */
  function objectPosition(w, h, ratio, fx, fy) {
    var cropW = Math.min(1, (h * ratio) / w);
    var cropH = Math.min(1, (w * cropW) / (ratio * h));
    var left = clamp(fx - cropW / 2, 0, 1 - cropW);
    var top = clamp(fy - cropH / 2, 0, 1 - cropH);
    var px = cropW < 1 ? (left / (1 - cropW)) * 100 : 50;
    var py = cropH < 1 ? (top / (1 - cropH)) * 100 : 50;
    return px.toFixed(2) + "% " + py.toFixed(2) + "%";
  }

  function setUp(panel) {
    var stage = panel.querySelector("[data-focal-stage]");
    var picture = panel.querySelector("[data-focal-image]");
    var marker = panel.querySelector("[data-focal-marker]");
    var inputX = panel.querySelector("[data-focal-x]");
    var inputY = panel.querySelector("[data-focal-y]");
    var readout = panel.querySelector("[data-focal-readout]");
    if (!stage || !picture || !inputX || !inputY) {
      return;
    }
    var editable = stage.hasAttribute("tabindex");
    /* In the editor's picture panel there is no form of its own (it sits inside the article's form):
       the point is saved at once through the same address, asking for JSON. */
    var saveUrl = panel.getAttribute("data-focal-url");

    function save() {
      var body = new FormData();
      body.append("x", inputX.value);
      body.append("y", inputY.value);
      window.NewsroomDesk.postForJSON(saveUrl, body)
        .then(function (data) {
          if (readout) {
            readout.textContent = data.message || "";
          }
          panel.setAttribute("data-focal-saved", data.ok ? inputX.value + "," + inputY.value : "");
        })
        .catch(function () {
          panel.setAttribute("data-focal-saved", "");
        });
    }

    function render() {
      var fx = parseFloat(inputX.value) / 100;
      var fy = parseFloat(inputY.value) / 100;
      var w = picture.naturalWidth || picture.width;
      var h = picture.naturalHeight || picture.height;
      marker.style.left = fx * 100 + "%";
      marker.style.top = fy * 100 + "%";
      panel.querySelectorAll("[data-focal-preview]").forEach(function (box) {
        var img = box.querySelector("img");
        img.style.objectPosition = objectPosition(w, h, parseFloat(box.getAttribute("data-focal-preview")), fx, fy);
      });
      if (readout && !saveUrl) {
        readout.textContent = inputX.value + " % · " + inputY.value + " %";
      }
    }

    function move(fx, fy) {
      inputX.value = (Math.round(clamp(fx, 0, 1) * 200) / 2).toString();
      inputY.value = (Math.round(clamp(fy, 0, 1) * 200) / 2).toString();
      render();
    }

    if (editable) {
      stage.addEventListener("click", function (event) {
        var box = picture.getBoundingClientRect();
        move((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
        if (saveUrl) {
          save();
        }
      });
      stage.addEventListener("keydown", function (event) {
        var step = event.shiftKey ? 0.1 : 0.01;
        var fx = parseFloat(inputX.value) / 100;
        var fy = parseFloat(inputY.value) / 100;
        var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
        if (moves[event.key]) {
          event.preventDefault();
          move(fx + moves[event.key][0], fy + moves[event.key][1]);
        } else if (event.key === "Enter") {
          event.preventDefault();
          var form = panel.querySelector("[data-focal-form]");
          if (form) {
            form.requestSubmit();
          } else if (saveUrl) {
            save();
          }
        }
      });
      inputX.addEventListener("input", render);
      inputY.addEventListener("input", render);
    }
    if (picture.complete) {
      render();
    } else {
      picture.addEventListener("load", render);
    }
  }

  document.querySelectorAll("[data-focal]").forEach(setUp);
})();
