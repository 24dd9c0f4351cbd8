import type { WidgetContract, WidgetKind, WIDGETS } from "tslab-ml-protocol";
import type { TslabMlView } from "./base-view";
import { CapacityView } from "./capacity";
import { ClassBalanceView } from "./class-balance";
import { GradientMonitorView } from "./gradient-monitor";
import { ImageBatchView } from "./image-batch";
import { LabelIssuesView } from "./label-issues";
import { LearningRateFinderView } from "./learning-rate-finder";
import { MispredictionsView } from "./mispredictions";
import { ModelSummaryView } from "./model-summary";
import { OnnxExportView } from "./onnx-export";
import { OutlierReportView } from "./outlier-report";
import { TrainingCurvesView } from "./training-curves";

/** A view class drawing the widget of contract C. */
export type ViewClass<C extends WidgetContract> = new (...args: never[]) => TslabMlView<C>;

/**
 * The view of every widget in tslab-ml-protocol's registry. A widget without a view here, or a view drawing
 * another widget's state, fails to compile.
 */
export const VIEWS: { readonly [K in WidgetKind]: ViewClass<(typeof WIDGETS)[K]> } = {
  imageBatch: ImageBatchView,
  classBalance: ClassBalanceView,
  mispredictions: MispredictionsView,
  outlierReport: OutlierReportView,
  labelIssues: LabelIssuesView,
  capacity: CapacityView,
  gradientMonitor: GradientMonitorView,
  onnxExport: OnnxExportView,
  trainingCurves: TrainingCurvesView,
  modelSummary: ModelSummaryView,
  learningRateFinder: LearningRateFinderView,
};
