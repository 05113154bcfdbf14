// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Keyboard focus survives every htmx swap. htmx itself refocuses an element that comes back with the same id;
// when the focused element is gone for good (a button replaced by its outcome), focus moves to what replaced
// it: the [data-swap-focus] element inside the nearest surrounding element with an id, or that element itself.
let focusTrail = null;
document.addEventListener("htmx:beforeSwap", () => {
  const active = document.activeElement;
  focusTrail = null;
  if (active && active !== document.body) {
    focusTrail = [];
    for (let el = active; el && el !== document.body; el = el.parentElement) {
      if (el.id) focusTrail.push(el.id);
    }
  }
});
document.addEventListener("htmx:afterSettle", () => {
  const trail = focusTrail;
  focusTrail = null;
  if (!trail || (document.activeElement && document.activeElement !== document.body)) {
    return;
  }
  for (const id of trail) {
    const around = document.getElementById(id);
    if (!around) {
      continue;
    }
    const target = around.querySelector("[data-swap-focus]") || around;
    if (!target.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    return;
  }
});

// A reject reason opened on demand takes the focus, so the reason can be typed straight away.
document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (details.matches && details.matches(".reject-details") && details.open) {
    const field = details.querySelector("textarea, input:not([type=hidden])");
    if (field) {
      field.focus();
    }
  }
}, true);

// A table too wide for the screen scrolls sideways in its .table-responsive box: the box then takes keyboard focus
// too, so it can be scrolled without a mouse.
function focusableScrollBoxes() {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollFocus = "1";
    } else if (!scrolls && box.dataset.scrollFocus) {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  });
}
document.addEventListener("DOMContentLoaded", focusableScrollBoxes);
window.addEventListener("resize", focusableScrollBoxes);
document.addEventListener("htmx:afterSettle", focusableScrollBoxes);
