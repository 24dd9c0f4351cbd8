// The public API of tslab-ml: what `require("tslab-ml")` gives and what the kernel's prelude puts in scope.
export * from "./backend";
export { display, clearOutput, page, Widget, escapeHtml, encodePng, DISPLAY_SYMBOL } from "./display";
export type { Displayable, RichBundle, WidgetNames, WidgetOptions } from "./display";
export * from "./data";
export * from "./inspect";
export { TSLAB_ML_VERSION } from "./version";
export * from "./training";
