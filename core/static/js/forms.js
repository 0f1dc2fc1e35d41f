/* Forms (the consultation form, the booking page): move focus to the error summary (or the rate-limit message)
   after a failed submit, and make the summary's links focus the field itself.
   The form works without this file. */
(function () {
    "use strict";

    function init() {
        var box = document.querySelector("[data-focus-on-load]");
        if (box) {
            box.focus();
        }
        document.querySelectorAll("[data-error-link]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                var target = document.getElementById(link.hash.slice(1));
                if (!target) return;
                event.preventDefault();
                target.focus();
                if (target.scrollIntoView) {
                    target.scrollIntoView({ block: "center" });
                }
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
