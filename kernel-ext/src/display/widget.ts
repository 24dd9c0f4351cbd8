import { inspect } from "node:util";
import {
  MODULE_NAME,
  MODULE_VERSION_RANGE,
  Problems,
  type ModelIdentity,
  type StateOf,
  type WidgetContract,
} from "tslab-ml-protocol";
import type { WidgetState } from "../comm/buffers";
import type { JsonObject } from "../jupyter/messages";
import { WidgetModel } from "../comm/widget-model";
import { WIDGET_VIEW_MIME } from "../comm/widget-protocol";
import { DISPLAY_SYMBOL, type Displayable, type RichBundle } from "./mime";
import { displaySession } from "./session";
import { TSLAB_ML_VERSION } from "../version";

/**
 * Base of every tslab-ml widget object on the kernel side, for one contract of tslab-ml-protocol's registry:
 * its state is the contract's state type (S may be a richer type assignable to it), so the kernel and the
 * view cannot drift apart without a compile error. It holds the state; the first time it is displayed
 * in a kernel it opens a `jupyter.widget` comm, and from then on `setState` reaches every live view. Its MIME
 * bundle always carries static fallbacks (text/html, text/plain, image/png where a picture serves) so the
 * output reads wherever the notebook goes, and in plain Node.
 */
export abstract class Widget<
  C extends WidgetContract,
  S extends StateOf<C> = StateOf<C>,
> implements Displayable {
  private model: WidgetModel | undefined;
  private readonly current: S;
  private readonly writable: ReadonlySet<string>;

  protected constructor(
    private readonly contract: C,
    state: S,
  ) {
    this.current = { ...state };
    this.writable = new Set(contract.writable);
  }

  /** The comm id of this widget's model once displayed in a kernel. */
  get modelId(): string | undefined {
    return this.model?.id;
  }

  protected get state(): Readonly<S> {
    return this.current;
  }

  /** Changes the state here and, when displayed, in every live view. */
  protected setState(patch: Partial<S>): void {
    Object.assign(this.current, patch);
    this.model?.set(patch as WidgetState);
  }

  /** Called after a frontend changed writable keys (already applied to the state). */
  protected onFrontendChange(_changed: Partial<S>): void {}

  /** A reason to refuse a frontend change of one writable key, or undefined to accept it. */
  protected validateFrontendValue(_key: keyof S & string, _value: unknown): string | undefined {
    return undefined;
  }

  /** Called for a custom message a frontend sent (e.g. a request for the next page of a gallery). */
  protected onCustomMessage(_content: JsonObject, _buffers: readonly Uint8Array[]): void {}

  /** Sends a custom message to every live view; a no-op until the widget is displayed in a kernel. */
  protected sendCustomMessage(content: JsonObject, buffers: readonly Uint8Array[] = []): void {
    if (this.model && !this.model.closed) this.model.sendCustom(content, buffers);
  }

  /** Self-contained HTML (inline styles, data URIs) shown where the widget frontend is missing. */
  protected abstract fallbackHtml(): string;

  /** A picture of the widget for the notebook's image/png fallback, when one serves. */
  protected fallbackPng(): Uint8Array | undefined {
    return undefined;
  }

  abstract toString(): string;

  [DISPLAY_SYMBOL](): RichBundle {
    const bundle: RichBundle = { "text/plain": this.toString(), "text/html": this.fallbackHtml() };
    const png = this.fallbackPng();
    if (png) bundle["image/png"] = png;
    const model = this.ensureModel();
    if (model) bundle[WIDGET_VIEW_MIME] = { model_id: model.id, version_major: 2, version_minor: 1 };
    return bundle;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Closes the comm: live views go away, the static output stays. */
  close(): void {
    this.model?.close();
    this.model = undefined;
  }

  private identity(): ModelIdentity {
    return {
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION_RANGE,
      _model_name: this.contract.model,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION_RANGE,
      _view_name: this.contract.view,
      _view_count: null,
      _tslab_ml_version: TSLAB_ML_VERSION,
    };
  }

  private ensureModel(): WidgetModel | undefined {
    if (this.model && !this.model.closed) return this.model;
    const session = displaySession();
    if (!session) return undefined;
    const model = new WidgetModel(
      session.comms,
      { ...this.identity(), ...(this.current as WidgetState) },
      (patch) => this.validatePatch(patch),
    );
    model.onChange((changed, fromFrontend) => {
      if (!fromFrontend) return;
      Object.assign(this.current, changed);
      this.onFrontendChange(changed as Partial<S>);
    });
    model.onCustom((content, buffers) => this.onCustomMessage(content, buffers));
    this.model = model;
    return model;
  }

  private validatePatch(patch: WidgetState): string | undefined {
    for (const [key, value] of Object.entries(patch)) {
      if (!this.writable.has(key)) return `"${key}" cannot be changed from the frontend`;
      const problems = new Problems();
      this.contract.state.key(key).read(value, key, problems);
      if (problems.lines.length) return problems.lines.join("; ");
      const problem = this.validateFrontendValue(key as keyof S & string, value);
      if (problem) return `"${key}": ${problem}`;
    }
    return undefined;
  }
}
