// The coding page: turn a browser selection (mouse or keyboard) into turns and UTF-16 offsets for the server,
// which converts them to code points of the turn's text. Without this script the form codes a turn by its words.
(() => {
  const form = document.getElementById("coding-form");
  if (!form) {
    return;
  }
  const selectionInput = form.querySelector("input[name=selection]");
  const preview = document.getElementById("selection-preview");
  const search = document.getElementById("theme-search");
  const clearButton = document.getElementById("clear-selection");
  const options = () => [...form.querySelectorAll(".theme-option")];
  const emptyText = preview.textContent;
  let pending = [];

  // The browser's selection replaces the "turn and words" fields of the page without script.
  const noScript = form.querySelector(".no-script-selection");
  noScript.hidden = true;
  noScript.querySelectorAll("input, select").forEach((field) => { field.disabled = true; });

  const offsetIn = (element, node, offset) => {
    const range = document.createRange();
    range.setStart(element, 0);
    range.setEnd(node, offset);
    return range.toString().length; // UTF-16 code units, as the server expects
  };

  const fromSelection = () => {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) {
      return null;
    }
    const range = selection.getRangeAt(0);
    const spans = [];
    document.querySelectorAll(".turn-text").forEach((element) => {
      if (!range.intersectsNode(element)) {
        return;
      }
      const length = element.textContent.length;
      const start = element.contains(range.startContainer) ? offsetIn(element, range.startContainer, range.startOffset) : 0;
      const end = element.contains(range.endContainer) ? offsetIn(element, range.endContainer, range.endOffset) : length;
      if (end > start) {
        spans.push({ segment: element.dataset.segment, index: element.dataset.index, start, end,
                     text: element.textContent.slice(start, end) });
      }
    });
    return spans.length ? spans : null;
  };

  const turnButtons = () => [...document.querySelectorAll(".turn-select")];

  const show = () => {
    preview.textContent = "";
    if (!pending.length) {
      preview.textContent = emptyText;
    }
    pending.forEach((span) => {
      const line = document.createElement("span");
      line.className = "d-block";
      const words = span.start === null ? preview.dataset.whole || "" : span.text;
      line.textContent = `${preview.dataset.turn || "#"} ${span.index}: “${words.length > 80 ? words.slice(0, 80) + "…" : words}”`;
      preview.append(line);
    });
    selectionInput.value = pending.length
      ? JSON.stringify(pending.map(({ segment, start, end }) => ({ segment, start, end })))
      : "";
    clearButton.hidden = !pending.length;
  };

  const setPending = (spans) => {
    pending = spans || [];
    show();
  };

  const clearAll = () => {
    window.getSelection().removeAllRanges();
    turnButtons().forEach((button) => button.setAttribute("aria-pressed", "false"));
    setPending([]);
  };

  document.addEventListener("selectionchange", () => {
    const spans = fromSelection();
    if (spans) { // a collapsed selection, or one in the form, keeps what was selected before
      turnButtons().forEach((button) => button.setAttribute("aria-pressed", "false"));
      setPending(spans);
    }
  });

  // Whole turns: the turn buttons toggle; several may be chosen.
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".turn-select");
    if (!button) {
      return;
    }
    window.getSelection().removeAllRanges();
    button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
    setPending(turnButtons().filter((b) => b.getAttribute("aria-pressed") === "true").map((b) => {
      const text = document.querySelector(`.turn-text[data-segment="${b.dataset.segment}"]`);
      return { segment: b.dataset.segment, index: text ? text.dataset.index : "", start: null, end: null, text: "" };
    }));
  });

  // Keyboard selection inside a focused turn: a caret that the arrow keys move and Shift extends.
  const firstText = (element) => document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode();
  const caretIn = (turn) => {
    const selection = window.getSelection();
    if (!(selection.rangeCount && turn.contains(selection.anchorNode))) {
      selection.collapse(firstText(turn) || turn, 0);
    }
  };
  document.addEventListener("focusin", (event) => {
    const turn = event.target.closest && event.target.closest(".turn-text");
    if (turn) {
      caretIn(turn);
    }
  });

  const STEPS = { ArrowRight: "forward", ArrowLeft: "backward", ArrowDown: "forward", ArrowUp: "backward" };
  const turnKey = (event, turn) => {
    const selection = window.getSelection();
    const mod = event.ctrlKey || event.metaKey;
    if (STEPS[event.key]) {
      event.preventDefault();
      caretIn(turn);
      const vertical = event.key === "ArrowDown" || event.key === "ArrowUp";
      const unit = vertical ? "line" : (mod || event.altKey ? "word" : "character");
      selection.modify(event.shiftKey ? "extend" : "move", STEPS[event.key], unit);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      selection.modify(event.shiftKey ? "extend" : "move", event.key === "Home" ? "backward" : "forward", "lineboundary");
    } else if (mod && event.key.toLowerCase() === "a") {
      event.preventDefault();
      selection.selectAllChildren(turn);
    } else if (event.key === "Enter") {
      event.preventDefault();
      search.focus();
    } else if (event.key === "Escape") {
      clearAll();
    }
  };

  const filterThemes = () => {
    const query = search.value.trim().toLowerCase();
    options().forEach((option) => { option.hidden = Boolean(query) && !option.dataset.name.includes(query); });
  };
  search.addEventListener("input", filterThemes);

  document.addEventListener("keydown", (event) => {
    const mod = event.ctrlKey || event.metaKey;
    const turn = event.target.closest && event.target.closest(".turn-text");
    if (turn) {
      turnKey(event, turn);
      return;
    }
    if (event.target === search && event.key === "Enter" && !mod) {
      event.preventDefault();
      const first = options().find((option) => !option.hidden);
      if (first) {
        const box = first.querySelector("input");
        box.checked = !box.checked;
      }
      search.value = "";
      filterThemes();
      return;
    }
    if (mod && event.key === "Enter" && form.contains(event.target)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    if (mod && event.key.toLowerCase() === "z" && !typing) {
      const undo = document.querySelector("[data-undo]");
      if (undo) {
        event.preventDefault();
        undo.click();
      }
    }
  });

  form.addEventListener("submit", (event) => {
    if (!pending.length) {
      event.preventDefault();
      event.stopImmediatePropagation();
      preview.textContent = preview.dataset.nothing || emptyText;
      preview.classList.add("text-danger");
    }
  }, true);

  clearButton.addEventListener("click", clearAll);

  // A refused coding (400) still shows its message; a stored one clears the form for the next selection.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt === form && event.detail.xhr.status === 200) {
      clearAll();
      preview.classList.remove("text-danger");
      form.querySelectorAll("input[name=themes]").forEach((box) => { box.checked = false; });
      form.querySelector("textarea[name=memo]").value = "";
    }
  });
})();
