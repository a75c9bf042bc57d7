// The console's own browser code: kept in a file because the Content-Security-Policy allows scripts from 'self' only.
window.webhookConsole = {
    // Remembers the chosen theme for a year; the server reads it to render the right theme from the first paint.
    saveTheme: function (theme) {
        document.cookie = "webhookconsole-theme=" + encodeURIComponent(theme) + "; path=/; max-age=31536000; samesite=lax" +
            (location.protocol === "https:" ? "; secure" : "");
    }
};

// "Skip to content" moves keyboard focus to the page's main element. A fragment link alone only scrolls, and Blazor's
// navigation would take the click and move focus to the heading; so the click is handled here first (capture phase).
document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".skip-link") : null;
    var main = document.getElementById("main-content");
    if (link && main) {
        event.preventDefault();
        event.stopPropagation();
        main.focus();
    }
}, true);
