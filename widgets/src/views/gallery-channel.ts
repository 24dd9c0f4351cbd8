import type { WidgetModel } from "@jupyter-widgets/base";
import { galleryPageReply, parse } from "tslab-ml-protocol";
import type { Binary } from "../components/dom";
import type { GalleryChannel } from "../components/lazy-gallery";

/** The custom-message channel of a widget model, for lazy galleries. Off-line (no kernel) pages do not load. */
export function galleryChannel(
  model: WidgetModel,
  listener: { listenTo: (obj: WidgetModel, event: string, cb: (...args: unknown[]) => void) => void },
): GalleryChannel {
  return {
    send: (content) => model.send(content, {}),
    onReply: (handler) =>
      listener.listenTo(model, "msg:custom", (content: unknown, buffers: unknown) => {
        if ((content as { method?: unknown } | null)?.method !== "page") return;
        const reply = parse(galleryPageReply, content);
        if (reply.ok) handler(reply.value, (buffers ?? []) as Binary[]);
        else console.warn("tslab-ml: a gallery page reply is malformed:", reply.problems.join("; "));
      }),
  };
}
