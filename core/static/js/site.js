/* Small progressive enhancements. The site works without this file. */
(function () {
    "use strict";
    document.documentElement.classList.replace("no-js", "js");

    // Mobile menu: CSS folds it away on phones from the first paint; the
    // "Menu" link (which opens it without JavaScript) becomes a button here.
    function initNav() {
        var toggle = document.querySelector(".nav-toggle");
        var nav = document.getElementById("site-nav");
        if (!toggle || !nav) return;
        function setOpen(open) {
            toggle.setAttribute("aria-expanded", String(open));
            nav.classList.toggle("is-open", open);
        }
        toggle.setAttribute("role", "button");
        setOpen(window.location.hash === "#site-nav");
        toggle.addEventListener("click", function (event) {
            event.preventDefault();
            setOpen(toggle.getAttribute("aria-expanded") !== "true");
        });
        toggle.addEventListener("keydown", function (event) {
            if (event.key === " ") {
                // a button also answers the space bar
                event.preventDefault();
                toggle.click();
            }
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                toggle.focus();
            }
        });
    }

    // Embeds from other sites load only when the visitor asks for them.
    function initEmbeds() {
        document.querySelectorAll("[data-embed]").forEach(function (figure) {
            var button = figure.querySelector("[data-embed-load]");
            var template = figure.querySelector("template[data-embed-template]");
            if (!button || !template) return;
            button.hidden = false;
            button.addEventListener("click", function () {
                figure.replaceChildren(template.content.cloneNode(true));
            });
        });
    }

    // "Copy link" buttons (e.g. the share links under articles).
    function initCopyButtons() {
        document.querySelectorAll("[data-copy-url]").forEach(function (button) {
            if (!navigator.clipboard) return;
            button.hidden = false;
            button.addEventListener("click", function () {
                navigator.clipboard
                    .writeText(button.getAttribute("data-copy-url"))
                    .then(function () {
                        var status = button.parentNode.querySelector("[data-copy-status]");
                        if (status) status.textContent = "Link copied.";
                    });
            });
        });
    }

    function init() {
        initNav();
        initEmbeds();
        initCopyButtons();
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
