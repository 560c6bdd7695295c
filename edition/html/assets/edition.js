/* Search box (Pagefind UI) and remembering the chosen view. The pages work without it. */
"use strict";
(function () {
  var box = document.getElementById("search");
  if (box && window.PagefindUI) {
    // result URLs are stored from the edition's root; resolve them against where it is served
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);
    new window.PagefindUI({
      element: "#search",
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
      baseUrl: root.pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
    // Pagefind's input has only a title and a placeholder: give it a real label
    var input = box.querySelector("input.pagefind-ui__search-input");
    if (input) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = "search-input";
      label.className = "visually-hidden";
      label.textContent = "Search the edition";
      box.insertBefore(label, box.firstChild);
    }
  }
  var reading = document.getElementById("view-reading");
  var diplomatic = document.getElementById("view-diplomatic");
  if (reading && diplomatic) {
    try {
      if (window.localStorage.getItem("memcon-view") === "reading") { reading.checked = true; }
      reading.addEventListener("change", function () { window.localStorage.setItem("memcon-view", "reading"); });
      diplomatic.addEventListener("change", function () { window.localStorage.setItem("memcon-view", "diplomatic"); });
    } catch (e) { /* storage unavailable: the switch still works for this page */ }
  }
})();
