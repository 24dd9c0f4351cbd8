// The public API of tslab-ml: what `require("tslab-ml")` gives and what the kernel's prelude puts in scope.
export * from "./backend";
export {
  display,
  clearOutput,
  page,
  Widget,
  escapeHtml,
  encodePng,
  DISPLAY_SYMBOL,
  Progress,
  yieldToEventLoop,
} from "./display";
export type { Displayable, RichBundle, WidgetNames, WidgetOptions, ProgressOptions } from "./display";
export * from "./data";
export * from "./inspect";
export * from "./outliers";
export * from "./training";
export * from "./onnx";
export { TSLAB_ML_VERSION } from "./version";
