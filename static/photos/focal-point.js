// Media library: click on the preview to set the photo's focal point (fields focal_x, focal_y).
document.addEventListener("DOMContentLoaded", function () {
  var picker = document.querySelector(".focal-picker");
  var inputX = document.getElementById("id_focal_x");
  var inputY = document.getElementById("id_focal_y");
  if (!picker || !inputX || !inputY) return;
  var image = picker.querySelector(".focal-image");
  var marker = picker.querySelector(".focal-marker");
  function place() {
    marker.style.left = (parseFloat(inputX.value || "0.5") * 100) + "%";
    marker.style.top = (parseFloat(inputY.value || "0.5") * 100) + "%";
  }
  image.addEventListener("click", function (event) {
    var box = image.getBoundingClientRect();
    var x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
    var y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
    inputX.value = x.toFixed(3);
    inputY.value = y.toFixed(3);
    place();
  });
  inputX.addEventListener("input", place);
  inputY.addEventListener("input", place);
  place();  // the marker's first position (set here: the CSP forbids inline styles)
});
