/* Counts one reader view of the article page (see articles/views_counter.py).
 * The page may come from a cache, so the count is a separate, uncached request. */
(function () {
  "use strict";
  var article = document.querySelector("[data-view-beacon]");
  if (!article) {
    return;
  }
  var url = article.getAttribute("data-view-beacon");
  if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  } else {
    fetch(url, {method: "POST", keepalive: true, credentials: "same-origin"});
  }
})();
