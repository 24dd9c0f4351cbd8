import { registerBuiltinConverter } from "../registry";

/** Layers that only act while training: at inference they pass their input through unchanged. */
const TRAIN_ONLY = [
  "Dropout",
  "SpatialDropout1D",
  "SpatialDropout2D",
  "SpatialDropout3D",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "ActivityRegularization",
];

for (const className of TRAIN_ONLY) {
  registerBuiltinConverter(className, (call) => call.input().name, {
    family: "Regularisation",
    notes: "identity at inference",
  });
}
