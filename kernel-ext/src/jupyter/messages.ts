/**
 * The Jupyter messaging protocol (v5.3) as types: the envelope every message shares and the contents of
 * the requests and replies this kernel handles. Spec: jupyter-client "Messaging in Jupyter".
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const PROTOCOL_VERSION = "5.3";

export type Channel = "shell" | "control" | "iopub" | "stdin";

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** One decoded message. `identities` is the ZeroMQ routing prefix, copied into replies. */
export interface Message<C = JsonObject> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: MessageHeader | Record<string, never>;
  metadata: JsonObject;
  content: C;
  buffers: Buffer[];
}

/** What a handler emits: the kernel fills header, parent and signature. */
export interface Outgoing {
  channel: Channel;
  msgType: string;
  content: JsonObject;
  metadata?: JsonObject;
  buffers?: Uint8Array[];
  /** The request this answers or was caused by; its identities route shell/control replies. */
  parent: Message<unknown> | null;
}

export type ReplyStatus = "ok" | "error" | "abort";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export interface CompleteRequest {
  code: string;
  cursor_pos: number;
}

export interface InspectRequest {
  code: string;
  cursor_pos: number;
  detail_level?: 0 | 1;
}

export interface IsCompleteRequest {
  code: string;
}

export interface CommOpenContent {
  comm_id: string;
  target_name: string;
  data: JsonObject;
  target_module?: string | null;
}

export interface CommMsgContent {
  comm_id: string;
  data: JsonObject;
}

export interface CommCloseContent {
  comm_id: string;
  data?: JsonObject;
}

export interface CommInfoRequest {
  target_name?: string;
}

export interface ShutdownRequest {
  restart: boolean;
}

/** MIME type → representation. Binary formats (image/png) travel base64-encoded, as the spec requires. */
export type MimeBundle = Record<string, JsonValue>;

export interface DisplayContent {
  data: MimeBundle;
  metadata: JsonObject;
  transient?: { display_id?: string };
}
