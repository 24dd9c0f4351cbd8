import sanitizeHtml from "sanitize-html";

// The policy JupyterLab applies to HTML of untrusted notebooks, narrowed to what a static page needs: an
// allowlist of tags and attributes, links limited to http(s)/ftp/mailto/tel (so `javascript:`,
// `vbscript:` and `data:` links are dropped), `data:` allowed only as an image source, no `id`/`name`
// (no clobbering of the page's globals), inline styles limited to layout and colour properties with values
// that load nothing. Inline SVG (the kernel's own chart fallbacks) keeps its drawing elements only.

const TEXT_TAGS = [
  "a", "abbr", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
  "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font",
  "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "li",
  "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strike", "strong", "sub",
  "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var",
  "wbr",
]; // prettier-ignore
const SVG_TAGS = [
  "svg", "g", "path", "polyline", "polygon", "line", "rect", "circle", "ellipse", "text", "tspan", "title",
]; // prettier-ignore
const SVG_ATTRIBUTES = [
  "xmlns", "viewbox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
  "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
  "opacity", "transform", "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline",
]; // prettier-ignore

const STYLE_PROPERTIES = [
  "color", "background", "background-color", "opacity", "display", "visibility", "overflow", "overflow-x",
  "overflow-y", "float", "clear", "box-sizing", "width", "height", "min-width", "min-height", "max-width",
  "max-height", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left", "padding",
  "padding-top", "padding-right", "padding-bottom", "padding-left", "border", "border-top", "border-right",
  "border-bottom", "border-left", "border-color", "border-width", "border-style", "border-radius",
  "border-collapse", "border-spacing", "outline", "font", "font-size", "font-weight", "font-style",
  "font-family", "font-variant", "line-height", "letter-spacing", "text-align", "text-decoration",
  "text-transform", "text-overflow", "text-indent", "vertical-align", "white-space", "word-break",
  "word-wrap", "overflow-wrap", "list-style-type", "gap", "row-gap", "column-gap", "flex", "flex-direction",
  "flex-wrap", "flex-grow", "flex-shrink", "flex-basis", "justify-content", "align-items", "align-self",
  "grid-template-columns", "grid-template-rows", "table-layout", "caption-side", "fill", "stroke",
  "image-rendering", "object-fit", "cursor", "-webkit-box-orient", "-webkit-line-clamp",
]; // prettier-ignore

/** A CSS value that fetches nothing and runs nothing: no functions that load (url, image-set, …), no escapes. */
const SAFE_CSS_VALUE = {
  test: (value: string): boolean =>
    value.length <= 1000 && !/[\\<>@]|(?:url|image|image-set|element|expression|attr)\s*\(/i.test(value),
};

const ALLOWED_STYLES = Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [SAFE_CSS_VALUE]]));

const LINK_SCHEMES = ["http", "https", "ftp", "mailto", "tel"];

const OPTIONS: sanitizeHtml.Options = {
  allowedTags: [...TEXT_TAGS, ...SVG_TAGS],
  allowedAttributes: {
    "*": ["class", "dir", "hidden", "lang", "style", "title", "align", "valign"],
    a: ["href", "hreflang", "rel", "target"],
    img: ["src", "alt", "width", "height"],
    td: ["colspan", "rowspan", "headers"],
    th: ["colspan", "rowspan", "headers", "scope"],
    col: ["span"],
    colgroup: ["span"],
    ol: ["start", "type", "reversed"],
    details: ["open"],
    input: ["type", "checked", "disabled"],
    time: ["datetime"],
    ...Object.fromEntries(SVG_TAGS.map((t) => [t, SVG_ATTRIBUTES])),
  },
  allowedStyles: { "*": ALLOWED_STYLES },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: [...LINK_SCHEMES, "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: true,
  allowedEmptyAttributes: ["alt", "checked", "disabled", "hidden", "open", "reversed"],
  disallowedTagsMode: "discard",
  // Deeper than any real output; bounds the work on hostile nesting.
  nestingLimit: 200,
  transformTags: {
    // Links open outside the page and cannot reach it back (window.opener).
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }),
    // `data:` only as a picture: a data: source of another type is dropped.
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      const keep = src === undefined || !/^\s*data:/i.test(src) || /^\s*data:image\//i.test(src);
      return { tagName, attribs: keep && src !== undefined ? { ...rest, src } : rest };
    },
    // Only the inert input markdown makes (a task list's checkbox).
    input: (tagName, attribs) => ({
      tagName: attribs.type === "checkbox" ? tagName : "span",
      attribs: attribs.type === "checkbox" ? { ...attribs, disabled: "disabled" } : {},
    }),
  },
};

/**
 * HTML from a notebook (markdown cells, text/html outputs) made safe to put in an exported page: no
 * script, no event handler, no active link or embedded document, whatever the notebook holds.
 */
export function sanitizeNotebookHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
