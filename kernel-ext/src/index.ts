// The public API of tslab-ml: what `require("tslab-ml")` gives and what the kernel's prelude puts in scope.
// Chosen, not accumulated: the helpers of the design contract, their option and result types, `tf` and `ort`,
// plus the kernel's display calls and the ONNX converter hook. Everything else is internal (tests and the
// other modules import it by its own path). docs/api.md is generated from this file: `npm run docs:api`.

// Backend
export { tf, initBackend, backendInfo } from "./backend";
export type { BackendInfo, BackendName } from "./backend";

// Showing things in the notebook
export { display, clearOutput, page } from "./display";
export type { RichBundle } from "./display";

// Data
export { ImageDataset } from "./data/image-dataset";
export type { ImageMeta, SkippedFile } from "./data/image-dataset";
export { loadImageFolder } from "./data/load-image-folder";
export type { LoadImageFolderOptions } from "./data/load-image-folder";
export { loadFashionMnist } from "./data/fashion-mnist";
export type { LoadFashionMnistOptions, FashionMnistSplit } from "./data/fashion-mnist";
export { stratifiedSubset } from "./data/stratified-subset";
export type { StratifiedSubsetOptions } from "./data/stratified-subset";
export { splitDataset } from "./data/split-dataset";
export type { SplitDatasetOptions, DatasetSplit } from "./data/split-dataset";

// Looking at the data
export { showBatch } from "./inspect/show-batch";
export type { ShowBatchOptions, BatchSource, Denormalize, LabelsLike } from "./inspect/show-batch";
export type { ImageBatch } from "./inspect/image-batch";
export { showAugmentations } from "./inspect/show-augmentations";
export type { ShowAugmentationsOptions, Augment } from "./inspect/show-augmentations";
export { classBalance } from "./inspect/class-balance";
export type { ClassBalance } from "./inspect/class-balance";

// Mispredictions
export { collectPredictions } from "./inspect/mispredictions/predictions";
export type { Predictions, CollectPredictionsOptions } from "./inspect/mispredictions/predictions";
export type { Classifier } from "./inspect/mispredictions/model-output";
export { crossValPredictions } from "./inspect/mispredictions/cross-val-predictions";
export type {
  CrossValPredictions,
  CrossValPredictionsOptions,
  CrossValFit,
} from "./inspect/mispredictions/cross-val-predictions";
export { mispredictions } from "./inspect/mispredictions/mispredictions";
export type { MispredictionsOptions } from "./inspect/mispredictions/mispredictions";
export type { Mispredictions } from "./inspect/mispredictions/mispredictions-widget";
export { confusionMatrix, mostConfused } from "./inspect/mispredictions/confusion";
export type { ConfusedPair } from "./inspect/mispredictions/confusion";
export { topLosses } from "./inspect/mispredictions/top-losses";
export { saliency } from "./inspect/saliency/saliency";
export type { SaliencyOptions, SaliencyView } from "./inspect/saliency/saliency";
export type { SaliencyMethod } from "./inspect/saliency/saliency-maps";
export type { TopLoss, LossFilter } from "./inspect/mispredictions/top-losses";
export { missingExamples } from "./inspect/missing-examples/missing-examples-view";
export type { MissingExamples } from "./inspect/missing-examples/missing-examples-view";
export type { MissingExamplesOptions, ErrorCluster } from "./inspect/missing-examples/missing-examples";

// Outliers
export { findOutliers } from "./outliers/find-outliers";
export type { FindOutliersOptions } from "./outliers/find-outliers";
export { OutlierReport } from "./outliers/outlier-report";
export type { IssueKind, OutlierIssue, OutlierThresholds } from "./outliers/issue-kinds";
export type { WriteCleanFolderOptions, CleanFolderSummary } from "./outliers/clean-folder";
export type { OutlierReportJson } from "./outliers/report-export";
export { findLabelIssues } from "./outliers/label-issue-report";
export type { LabelIssueReport, FindLabelIssuesOptions } from "./outliers/label-issue-report";
export type { LabelIssue } from "./outliers/confident-learning";

// Training: capacity, gradients, curves, summary, learning rate
export { diagnoseCapacity } from "./training/capacity-widget";
export type { CapacityReport } from "./training/capacity-widget";
export type {
  CapacityVerdict,
  CapacityDiagnosis,
  CapacityThresholds,
  HistoryLike,
} from "./training/capacity";
export { overfitBatch } from "./training/overfit-batch";
export type { OverfitBatchOptions, OverfitBatchResult } from "./training/overfit-batch";
export { gradientMonitor } from "./training/gradient-monitor";
export type { GradientMonitor, GradientMonitorOptions } from "./training/gradient-monitor";
export type { Verdict, VerdictKind } from "./training/verdicts";
export type { TensorStats, Histogram } from "./training/stats";
export type { StepRecord, ActivationStats, UpdateStats } from "./training/monitor-history";
export type { VerdictThresholds } from "./training/verdicts";
export { trainingCurves } from "./training/curves/training-curves";
export type { TrainingCurves, TrainingCurvesOptions } from "./training/curves/training-curves";
export { modelSummary } from "./training/summary/model-summary";
export type { ModelSummaryOptions } from "./training/summary/model-summary";
export type { ModelSummary } from "./training/summary/model-summary-widget";
export { findLearningRate } from "./training/lr-finder/find-learning-rate";
export type { FindLearningRateOptions } from "./training/lr-finder/find-learning-rate";
export type { LearningRateFinder } from "./training/lr-finder/learning-rate-finder-widget";
export type { Suggestions } from "./training/lr-finder/range-test";
export { withGradientClipping, clipByGlobalNorm } from "./training/clipping";
export type { ClippingOptions, ClippingReport, ClipResult } from "./training/clipping";
export type { GradientsInput } from "./training/named-gradients";

// Stopping long work (the kernel's Stop); custom loops can check too
export { InterruptedError, throwIfInterrupted } from "./util/interrupt";

// ONNX
export { exportOnnx, OnnxExport, ort, registerOnnxConverter } from "./onnx";
export type {
  ExportOnnxOptions,
  OnnxExportReport,
  VerifyOptions,
  VerificationReport,
  VerificationCase,
  OutputComparison,
  LatencyReport,
  SignatureEntry,
  OnnxConverterFn,
  ConverterOptions,
  LayerCall,
  ConverterResult,
} from "./onnx";
