/** State keys every tslab-ml widget model carries (the widget protocol's model/view identification). */
export interface ModelIdentity {
  _model_module: string;
  _model_module_version: string;
  _model_name: string;
  _view_module: string;
  _view_module_version: string;
  _view_name: string;
  _view_count: number | null;
}

/** The model and view class names of every widget, shared by the kernel and the frontend registry. */
export const WIDGET_CLASSES = {
  imageBatch: { model: "ImageBatchModel", view: "ImageBatchView" },
  mispredictions: { model: "MispredictionsModel", view: "MispredictionsView" },
  outlierReport: { model: "OutlierReportModel", view: "OutlierReportView" },
  classBalance: { model: "ClassBalanceModel", view: "ClassBalanceView" },
  capacity: { model: "CapacityModel", view: "CapacityView" },
  gradientMonitor: { model: "GradientMonitorModel", view: "GradientMonitorView" },
  onnxExport: { model: "OnnxExportModel", view: "OnnxExportView" },
  progress: { model: "ProgressModel", view: "ProgressView" },
  trainingCurves: { model: "TrainingCurvesModel", view: "TrainingCurvesView" },
  modelSummary: { model: "ModelSummaryModel", view: "ModelSummaryView" },
  learningRateFinder: { model: "LearningRateFinderModel", view: "LearningRateFinderView" },
} as const;

export type WidgetKind = keyof typeof WIDGET_CLASSES;
