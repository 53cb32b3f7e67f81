/* Citation forms: select words in a passage's text to fill the quote in that language, and accept
   the nearest exact words offered for a rejected quote. Without this script the form still works:
   the curator types or pastes the quote. */
"use strict";
(function () {
  function row(element) {
    return element.closest(".inline-related") || element.closest("form");
  }

  function quoteBox(block) {
    return row(block).querySelector('textarea[name$="-' + block.dataset.quoteField + '"]');
  }

  function pick(event) {
    var block = event.target.closest && event.target.closest(".passage-text");
    if (!block) {
      return;
    }
    var words = String(window.getSelection()).trim();
    var box = quoteBox(block);
    if (words && box && block.textContent.indexOf(words) !== -1) {
      box.value = words;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function showText(select) {
    var container = row(select);
    var blocks = container.querySelectorAll(".passage-text");
    if (!blocks.length) {
      return;
    }
    if (!select.value) {
      blocks.forEach(function (block) { block.textContent = ""; });
      return;
    }
    var url = blocks[0].dataset.textUrl + "?id=" + encodeURIComponent(select.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (text) {
        if (text) {
          blocks.forEach(function (block) {
            var wanted = text[block.getAttribute("lang")] || "";
            // Replacing the same text would drop a selection the curator is making.
            if (block.textContent !== wanted) {
              block.textContent = wanted;
            }
          });
        }
      });
  }

  function offerSuggestions(root) {
    root.querySelectorAll("textarea[data-suggestion]").forEach(function (box) {
      if (box.dataset.offered) {
        return;
      }
      box.dataset.offered = "yes";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button use-suggestion";
      button.textContent = box.dataset.suggestionLabel;
      button.addEventListener("click", function () {
        box.value = box.dataset.suggestion;
        button.remove();
        box.focus();
      });
      box.parentNode.insertBefore(button, box.nextSibling);
    });
  }

  function showHints(root) {
    root.querySelectorAll(".passage-text-hint[hidden]").forEach(function (hint) { hint.hidden = false; });
  }

  document.addEventListener("mouseup", pick);
  document.addEventListener("keyup", pick);
  if (window.django && window.django.jQuery) {
    // Select2 announces a choice through jQuery only; jQuery also hears the browser's own events.
    window.django.jQuery(document).on("change", 'select[name$="-passage"]', function () { showText(this); });
  } else {
    document.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches('select[name$="-passage"]')) {
        showText(event.target);
      }
    });
  }
  document.addEventListener("formset:added", function (event) { showHints(event.target); });
  document.addEventListener("DOMContentLoaded", function () {
    offerSuggestions(document);
    showHints(document);
  });
})();
