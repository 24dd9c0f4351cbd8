import type { WidgetModel } from "@jupyter-widgets/base";
import type { Binary } from "../components/dom";
import type { GalleryChannel } from "../components/lazy-gallery";
import type { GalleryPageReply } from "../protocol/gallery";

/** The custom-message channel of a widget model, for lazy galleries. Off-line (no kernel) pages do not load. */
export function galleryChannel(
  model: WidgetModel,
  listener: { listenTo: (obj: WidgetModel, event: string, cb: (...args: unknown[]) => void) => void },
): GalleryChannel {
  return {
    send: (content) => model.send(content, {}),
    onReply: (handler) =>
      listener.listenTo(model, "msg:custom", (content: unknown, buffers: unknown) => {
        const reply = content as GalleryPageReply;
        if (reply?.method === "page") handler(reply, (buffers ?? []) as Binary[]);
      }),
  };
}
