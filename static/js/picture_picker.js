/* The picture picker of the editor's picture rows: the box that takes a picture's number becomes a
 * combobox (ARIA 1.2 pattern) that lists matching library pictures as the user types, asked from
 * desk:picture-search as JSON. Keys: ArrowDown/ArrowUp move, Enter chooses, Escape closes.
 * Without this module the box still takes a number, and the link beside it finds one. */

const DELAY_MS = 200;
const PICKER = "[data-picture-picker]";

const messagesElement = document.getElementById("editor-messages");
const messages = messagesElement ? JSON.parse(messagesElement.textContent) : {};

function say(key, values = {}) {
  let text = messages[key] || key;
  for (const [name, value] of Object.entries(values)) {
    text = text.split(`%(${name})s`).join(String(value));
  }
  return text;
}

function parts(picker) {
  return {
    input: picker.querySelector("[data-picker-input]"),
    list: picker.querySelector("[data-picker-list]"),
    status: picker.querySelector("[data-picker-status]"),
    chosen: picker.querySelector("[data-picker-chosen]"),
    thumb: picker.querySelector("[data-picker-thumb]"),
    name: picker.querySelector("[data-picker-name]"),
  };
}

/** Give the box its combobox roles (once; rows added later are upgraded when first focused). */
function upgrade(picker) {
  if (picker.dataset.pickerReady) {
    return;
  }
  picker.dataset.pickerReady = "true";
  const { input, list } = parts(picker);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  picker.dataset.pickerValue = input.value;
}

function options(picker) {
  return Array.from(parts(picker).list.querySelectorAll("[role=option]"));
}

function close(picker) {
  const { input, list } = parts(picker);
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
}

function activate(picker, index) {
  const { input } = parts(picker);
  const all = options(picker);
  all.forEach((option, at) => option.setAttribute("aria-selected", String(at === index)));
  if (index >= 0 && all[index]) {
    input.setAttribute("aria-activedescendant", all[index].id);
    all[index].scrollIntoView({ block: "nearest" });
  } else {
    input.removeAttribute("aria-activedescendant");
  }
}

function activeIndex(picker) {
  return options(picker).findIndex((option) => option.getAttribute("aria-selected") === "true");
}

/** Show `picture` ({id, label, thumbnail}) as the row's choice and put its label in the box. */
export function choose(picker, picture) {
  const { input, chosen, thumb, name } = parts(picker);
  input.value = picture.label;
  picker.dataset.pickerValue = picture.label;
  name.textContent = picture.label;
  if (picture.thumbnail) {
    thumb.src = picture.thumbnail;
    thumb.hidden = false;
  } else {
    thumb.removeAttribute("src");
    thumb.hidden = true;
  }
  chosen.hidden = false;
  close(picker);
  // The autosave and the leave prompt listen for input on the form.
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
  // static/js/editor_pictures.js shows the library caption as a hint and makes a first picture the lead.
  input.dispatchEvent(new CustomEvent("picture-picker:chosen", { bubbles: true, detail: picture }));
}

function show(picker, results) {
  const { input, list, status } = parts(picker);
  list.replaceChildren();
  results.forEach((picture, index) => {
    const option = document.createElement("li");
    option.id = `${list.id}-${index}`;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.className = "picture-picker-option";
    option.dataset.picture = JSON.stringify(picture);
    const image = document.createElement("img");
    image.alt = "";
    image.width = 64;
    image.height = 48;
    image.className = "picture-picker-thumb";
    if (picture.thumbnail) {
      image.src = picture.thumbnail;
    } else {
      image.hidden = true;
    }
    const label = document.createElement("span");
    label.textContent = picture.label;
    option.append(image, label);
    list.append(option);
  });
  list.hidden = results.length === 0;
  input.setAttribute("aria-expanded", String(results.length > 0));
  status.textContent = results.length
    ? say("pictures_found", { count: results.length })
    : say("no_pictures_found");
}

const pending = new WeakMap();

function search(picker) {
  const { input } = parts(picker);
  window.clearTimeout(pending.get(picker));
  const text = input.value.trim();
  if (!text || text === picker.dataset.pickerValue) {
    close(picker);
    return;
  }
  pending.set(
    picker,
    window.setTimeout(async () => {
      const url = new URL(picker.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", text);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        const data = await response.json();
        if (input.value.trim() === text) {
          show(picker, data.results || []);
        }
      } catch {
        parts(picker).status.textContent = say("picture_search_failed");
      }
    }, DELAY_MS),
  );
}

function pickerOf(target) {
  return target instanceof Element && target.matches("[data-picker-input]") ? target.closest(PICKER) : null;
}

document.querySelectorAll(PICKER).forEach(upgrade);

document.addEventListener("focusin", (event) => {
  const picker = pickerOf(event.target);
  if (picker) {
    upgrade(picker);
  }
});

document.addEventListener("input", (event) => {
  const picker = pickerOf(event.target);
  if (picker && event.isTrusted) {
    search(picker);
  }
});

document.addEventListener("keydown", (event) => {
  const picker = pickerOf(event.target);
  if (!picker) {
    return;
  }
  const { list } = parts(picker);
  const count = options(picker).length;
  const at = activeIndex(picker);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (list.hidden) {
      if (count) {
        list.hidden = false;
        event.target.setAttribute("aria-expanded", "true");
      } else {
        search(picker);
        return;
      }
    }
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    activate(picker, (at + step + count) % count);
  } else if (event.key === "Enter" && !list.hidden && at >= 0) {
    event.preventDefault(); // choosing, not submitting the form
    choose(picker, JSON.parse(options(picker)[at].dataset.picture));
  } else if (event.key === "Escape" && !list.hidden) {
    event.preventDefault();
    close(picker);
  }
});

document.addEventListener("mousedown", (event) => {
  const option = event.target instanceof Element ? event.target.closest("[data-picker-list] [role=option]") : null;
  if (option) {
    event.preventDefault(); // keep the focus in the box
    choose(option.closest(PICKER), JSON.parse(option.dataset.picture));
  }
});

document.addEventListener("focusout", (event) => {
  const picker = pickerOf(event.target);
  if (picker) {
    close(picker);
  }
});

// editor.js places a freshly uploaded picture in a new row this way.
document.addEventListener("picture-picker:choose", (event) => {
  const picker = event.target instanceof Element ? event.target.closest(PICKER) : null;
  if (picker) {
    upgrade(picker);
    choose(picker, event.detail);
  }
});
