import type { WidgetModel } from "@jupyter-widgets/base";
import { galleryPageReply, parse } from "tslab-ml-protocol";
import type { Binary } from "../components/dom";
import type { GalleryChannel } from "../components/lazy-gallery";

/** The view a gallery channel serves: hears the model's messages, says when there is no kernel to ask. */
interface ChannelView {
  listenTo: (obj: WidgetModel, event: string, cb: (...args: unknown[]) => void) => void;
  readonly kernelGone: boolean;
  noteOffline(): void;
}

/**
 * The custom-message channel of a widget model, for lazy galleries. Without a kernel (a saved notebook or
 * page) other pages cannot load: asking for one says so in the view instead of doing nothing.
 */
export function galleryChannel(model: WidgetModel, view: ChannelView): GalleryChannel {
  return {
    send: (content) => {
      if (view.kernelGone) view.noteOffline();
      else model.send(content, {});
    },
    onReply: (handler) =>
      view.listenTo(model, "msg:custom", (content: unknown, buffers: unknown) => {
        if ((content as { method?: unknown } | null)?.method !== "page") return;
        const reply = parse(galleryPageReply, content);
        if (reply.ok) handler(reply.value, (buffers ?? []) as Binary[]);
        else console.warn("tslab-ml: a gallery page reply is malformed:", reply.problems.join("; "));
      }),
  };
}
