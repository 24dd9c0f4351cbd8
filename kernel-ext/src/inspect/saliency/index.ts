export * from "./saliency";
export * from "./saliency-maps";
