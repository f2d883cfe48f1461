/* Click-to-load video (templates/articles/blocks/video.html): until the reader presses
 * play, the page shows a local poster and a link, and nothing is requested from the
 * provider. On play, the link is replaced by the provider's privacy-enhanced player
 * (youtube-nocookie.com, Vimeo with dnt=1), the one origin the CSP allows in frames. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".video__play") : null;
    if (!link) {
      return;
    }
    var frame = link.parentNode;
    var embed = frame.getAttribute("data-video-embed");
    if (!embed || embed.indexOf("https://") !== 0) {
      return;
    }
    event.preventDefault();
    var iframe = document.createElement("iframe");
    iframe.src = embed;
    iframe.title = frame.getAttribute("data-video-title") || "Video";
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.setAttribute("allowfullscreen", "");
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChild(iframe, link);
    iframe.focus();
  });
})();
