/** The values one recurrent layer produces in the ONNX graph. */
export interface RecurrentRun {
  /** [batch, time, units] when the layer returns sequences. */
  sequence: string | undefined;
  /** [batch, units]: the output of the last processed step. */
  lastOutput: string;
  /** Final states ([batch, units] each): h, or h and c for LSTM. */
  states: string[];
}
