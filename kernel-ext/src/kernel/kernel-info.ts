import type { JsonObject } from "../jupyter/messages";
import { PROTOCOL_VERSION } from "../jupyter/messages";

export interface KernelIdentity {
  implementationVersion: string;
  typescriptVersion: string;
  banner: string;
}

/** The kernel_info_reply content: who we are and how frontends should highlight TypeScript. */
export function kernelInfoContent(identity: KernelIdentity): JsonObject {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tslab-ml",
    implementation_version: identity.implementationVersion,
    language_info: {
      name: "typescript",
      version: identity.typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // Both keys are needed: `mode` for JupyterLab, `name` + `typescript` for the classic notebook.
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner: identity.banner,
    debugger: false,
    help_links: [
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
    ],
  };
}
