/* Counts a view of this page: one beacon to this site, no cookie, nothing
   stored in the browser (analytics.counting says what the site keeps).
   Nothing is sent when the browser asks not to be tracked (Do Not Track,
   Global Privacy Control), nor for a page prerendered and never shown.
   A beacon that fails changes nothing on the page. */
(function () {
    "use strict";
    var script = document.currentScript;
    if (!script || !navigator.sendBeacon || !window.URLSearchParams) return;
    if (
        navigator.doNotTrack === "1" ||
        window.doNotTrack === "1" ||
        navigator.globalPrivacyControl === true
    ) {
        return;
    }
    var endpoint = script.getAttribute("data-endpoint");
    var page = script.getAttribute("data-page");
    if (!endpoint || !page) return;

    function send() {
        var body = new URLSearchParams();
        body.set("p", page);
        body.set("l", window.location.pathname + window.location.search);
        body.set("r", document.referrer || "");
        try {
            navigator.sendBeacon(endpoint, body);
        } catch (error) {
            // Not counted; the page does not care.
        }
    }

    if (document.prerendering) {
        document.addEventListener("prerenderingchange", send, { once: true });
    } else {
        send();
    }
})();
