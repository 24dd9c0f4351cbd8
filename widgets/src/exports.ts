// The module a widget manager loads for "tslab-ml-widgets": every model and view class by name.
export { ImageBatchModel, ImageBatchView } from "./views/image-batch";
export { GradientMonitorModel, GradientMonitorView } from "./views/gradient-monitor";
export { CapacityModel, CapacityView } from "./views/capacity";
export { OnnxExportModel, OnnxExportView } from "./views/onnx-export";
export { MispredictionsModel, MispredictionsView } from "./views/mispredictions";
export { OutlierReportModel, OutlierReportView } from "./views/outlier-report";
export { ClassBalanceModel, ClassBalanceView } from "./views/class-balance";
export { TrainingCurvesModel, TrainingCurvesView } from "./views/training-curves";
export { ModelSummaryModel, ModelSummaryView } from "./views/model-summary";
export { LearningRateFinderModel, LearningRateFinderView } from "./views/learning-rate-finder";
