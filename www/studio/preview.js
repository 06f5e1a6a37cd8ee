// The studio's widget preview: the real loader (../plauder.js), answering
// from the bundle the studio built (a blob: URL of the studio's page, given
// as ?faq=), in the studio's language (?lang=). Channels are examples.
(function () {
  var params = new URLSearchParams(location.search);
  var faq = params.get("faq");
  if (!faq || faq.indexOf("blob:") !== 0) return;
  var script = document.createElement("script");
  script.src = "../plauder.js";
  script.async = true;
  script.dataset.kb = faq;
  script.dataset.lang = params.get("lang") === "de" ? "de" : "en";
  script.dataset.name = "Your company";
  script.dataset.phone = "15551234567";
  script.dataset.email = "hello@example.com";
  document.body.appendChild(script);
})();
