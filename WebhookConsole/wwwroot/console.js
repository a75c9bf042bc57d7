// The console's own browser code: kept in a file because the Content-Security-Policy allows scripts from 'self' only.
window.webhookConsole = {
    // A checkbox's third state (some of a channel's event types chosen) is a DOM property only, not an attribute.
    setIndeterminate: function (element, value) {
        if (element) element.indeterminate = value;
    },
    // Remembers the chosen theme for a year; the server reads it to render the right theme from the first paint.
    saveTheme: function (theme) {
        document.documentElement.setAttribute("data-theme", theme);
        document.cookie = "webhookconsole-theme=" + encodeURIComponent(theme) + "; path=/; max-age=31536000; samesite=lax" +
            (location.protocol === "https:" ? "; secure" : "");
    },
    // After a form is refused: the first field marked aria-invalid is scrolled into view and focused.
    focusFirstInvalid: function (formSelector) {
        var form = document.querySelector(formSelector);
        var field = form ? form.querySelector("[aria-invalid=true]") : null;
        var target = field || (form ? form.querySelector(".form-error") : null);
        if (target) {
            target.scrollIntoView({ block: "center" });
            if (field) { field.focus({ preventScroll: true }); }
        }
    }
};

// Radzen moves the focus to a dialog's first field half a second after the dialog opens. Someone who has already
// clicked into the dialog by then keeps their place: the focus moves only while it is still outside the dialog
// (otherwise what they type next lands in the first field).
(function (radzen) {
    if (!radzen || typeof radzen.focusFirstFocusableElement !== "function") {
        return;
    }
    var focusFirst = radzen.focusFirstFocusableElement;
    radzen.focusFirstFocusableElement = function (element) {
        if (!element || !element.contains(document.activeElement)) {
            focusFirst(element);
        }
    };
})(window.Radzen);

// Copy buttons (CopyButton.razor): data-copy holds the value. Handled here so they also work on static pages.
document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) {
        return;
    }
    var value = button.getAttribute("data-copy");
    var done = function () {
        var text = button.querySelector(".copy-text");
        if (text) { text.textContent = "Copied"; }
        button.classList.add("copied");
    };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(done, function () { fallbackCopy(value); done(); });
    } else {
        fallbackCopy(value);
        done();
    }
});

function fallbackCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
}

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
