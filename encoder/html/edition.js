/* Search box (Pagefind UI) and remembering the chosen view. The pages work without it. */
"use strict";
(function () {
  var box = document.getElementById("search");
  if (box && window.PagefindUI) {
    // result URLs are stored from the edition's root; resolve them against where it is served
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);
    new window.PagefindUI({
      element: "#search",
      bundlePath: box.getAttribute("data-bundle"),
      baseUrl: root.pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
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
