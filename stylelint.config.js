// Front-end lint for the site's CSS (`make lint`, `make format`).
module.exports = {
    extends: ["stylelint-config-standard"],
    rules: {
        // Colours live in tokens.css only: any other stylesheet names them by
        // custom property, so the palette (and its checked contrast) is one place.
        "color-no-hex": true,
        "color-named": "never",
        "function-disallowed-list": [
            "rgb",
            "rgba",
            "hsl",
            "hsla",
            "hwb",
            "lab",
            "lch",
            "oklab",
            "oklch",
            "color",
        ],
        // Class names are BEM-style (block__element--modifier), which the
        // standard config's kebab-case pattern refuses.
        "selector-class-pattern": null,
        // The type scale is named --step--1, --step-0 ... (a step below zero).
        "custom-property-pattern": "^[a-z][a-z0-9]*(-{1,2}[a-z0-9]+)*$",
        // `(min-width: 48rem)`, not `(width >= 48rem)`: Safari before 16.4, still
        // on older iPhones, ignores the range syntax and would get the phone layout.
        "media-feature-range-notation": "prefix",
        // iOS Safari still needs the prefix to keep text from inflating in landscape.
        "property-no-vendor-prefix": [true, { ignoreProperties: ["text-size-adjust"] }],
        // It compares selectors of unrelated components (`.feed-links a` after
        // `.article-card__title a:hover`) that never match the same element.
        "no-descending-specificity": null,
    },
    overrides: [
        {
            files: ["core/static/css/tokens.css"],
            rules: { "color-no-hex": null, "color-named": null, "function-disallowed-list": null },
        },
    ],
};
