import type { Dim, ElemType } from "../ir/types";

/** One input or output of the exported graph, as users see it. */
export type SignatureEntry = {
  name: string;
  elemType: ElemType;
  /** Fixed sizes, or symbolic names such as "batch". */
  shape: Dim[];
  /** The layout of rank-4 image tensors ("NCHW" when inputsAsNchw asked for it), null otherwise. */
  layout: "NHWC" | "NCHW" | null;
};
