/* Counts one reader view of the article page (see articles/public/counter.py).
 * The page may come from a cache, so the count is a separate, uncached request;
 * its answer is the article's current figure, shown in place of the one the
 * cached page was rendered with. */
(function () {
  "use strict";
  var article = document.querySelector("[data-view-beacon]");
  if (!article) {
    return;
  }
  var url = article.getAttribute("data-view-beacon");
  var figure = article.querySelector(".view-count");
  if (!window.fetch) {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    }
    return;
  }
  fetch(url, {method: "POST", keepalive: true, credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) {
      return response.status === 200 ? response.json() : null;
    })
    .then(function (data) {
      if (data && figure && typeof data.label === "string") {
        figure.textContent = data.label;
      }
    })
    .catch(function () { /* a count that did not arrive changes nothing on the page */ });
})();
